import Link from "next/link";
import { Card, Figure } from "@/components/ui/card";
import type { RelaysTile as Tile } from "@/lib/relays/overview-tile";
import { formatBytes } from "@/lib/shared/bytes";
import { formatCount, formatPercent } from "@/lib/shared/format";

/** The overview's Relays tile: relays enabled, and what came in over the last 24 hours. */
export function RelaysTile({ tile, problem }: { tile: Tile | null; problem: string | null }) {
  const enabled = tile?.relays ? tile.relays.accepted : null;
  const total = tile?.relays ? Object.values(tile.relays).reduce((a, b) => a + b, 0) : null;
  const day = tile?.last24h;
  return (
    <Card
      title="Relays"
      action={
        <Link
          href="/relays"
          className="inline-flex min-h-11 items-center text-sm text-brand hover:underline md:min-h-0"
        >
          View relays
        </Link>
      }
    >
      {problem ? <p className="text-sm text-muted">{problem}</p> : null}
      {tile ? (
        <>
          <div className="grid grid-cols-2 gap-4">
            <Figure
              label="Relays enabled"
              value={enabled === null ? "—" : formatCount(enabled)}
              hint={total !== null ? `of ${formatCount(total)} configured` : "not counted yet"}
            />
            <Figure
              label={"Remote posts, 24\u00a0h"}
              value={day ? formatCount(day.statuses) : "—"}
              hint={
                day && day.statuses ? `${formatPercent(day.relayEstimate / day.statuses)} likely via relays` : undefined
              }
            />
          </div>
          {day && day.mediaBytes ? (
            <p className="mt-3 text-sm">
              {formatBytes(day.mediaBytes)} of remote media, {formatBytes(day.relayMediaBytes)} of it with likely relay
              posts.
            </p>
          ) : null}
          {!tile.lastRunAt ? (
            <p className="mt-3 text-sm text-muted">The worker has not counted incoming posts yet.</p>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
