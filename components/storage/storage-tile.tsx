import Link from "next/link";
import { Card, Figure } from "@/components/ui/card";
import { formatBytes, formatDelta } from "@/lib/shared/bytes";
import type { StorageTile as Tile } from "@/lib/storage/tile";
import { formatPercent } from "./format";

/** The overview's Storage tile: media held, 30-day growth, and when the disk fills. */
export function StorageTile({ tile, problem }: { tile: Tile | null; problem: string | null }) {
  return (
    <Card
      title="Storage"
      action={
        <Link
          href="/storage"
          className="inline-flex min-h-11 items-center text-sm text-brand hover:underline md:min-h-0"
        >
          Open storage
        </Link>
      }
    >
      {problem ? <p className="text-sm text-muted">{problem}</p> : null}
      {tile ? (
        <>
          <div className="grid grid-cols-2 gap-4">
            <Figure
              label="Media stored"
              value={formatBytes(tile.totalBytes)}
              hint={tile.counting ? `counting existing media: ${formatPercent(tile.counting.fraction)}` : undefined}
            />
            <Figure
              label="In 30 days"
              value={tile.growth30d ? formatDelta(tile.growth30d.bytes) : "—"}
              hint={
                tile.growth30d?.basis === "added"
                  ? "added (net growth after 30 daily snapshots)"
                  : tile.growth30d
                    ? "net, after evictions"
                    : undefined
              }
            />
          </div>
          <p className="mt-3 text-sm">{tile.forecast.summary}</p>
        </>
      ) : null}
    </Card>
  );
}
