import Link from "next/link";
import { Card, Figure } from "@/components/ui/card";
import { CARD_LINK } from "@/components/ui/link-styles";
import type { FederationSummary } from "@/lib/client/use-subscriptions";
import { formatCount } from "@/lib/shared/format";

/** The overview's Federation tile: domain blocks by severity, and subscription changes waiting for review. */
export function FederationTile({ tile, problem }: { tile: FederationSummary | null; problem: string | null }) {
  return (
    <Card
      title="Federation"
      action={
        <Link href="/federation" className={CARD_LINK}>
          View blocks
        </Link>
      }
    >
      {problem ? <p className="text-sm text-muted">{problem}</p> : null}
      {tile ? (
        <>
          <div className="grid grid-cols-3 gap-4">
            <Figure label="Suspended" value={formatCount(tile.bySeverity.suspend)} />
            <Figure label="Limited" value={formatCount(tile.bySeverity.silence)} />
            <Figure label="Other blocks" value={formatCount(tile.bySeverity.noop + tile.bySeverity.unset)} />
          </div>
          <p className="mt-3 text-sm">
            {tile.pendingTotal === 0 ? (
              "No subscription change waiting for review."
            ) : (
              <Link href="/federation/subscriptions" className={CARD_LINK}>
                {formatCount(tile.pendingTotal)} subscription change(s) to review
              </Link>
            )}
          </p>
        </>
      ) : null}
    </Card>
  );
}
