import Link from "next/link";
import { Card, Figure } from "@/components/ui/card";
import { addedLabel, FIGURES, netGrowthLabel } from "@/lib/shared/figure-labels";
import { formatBytes, formatDelta, formatPercent } from "@/lib/shared/format";
import type { StorageTile as Tile } from "@/lib/storage/tile";
import { CARD_LINK } from "@/components/ui/link-styles";
import { Notice } from "@/components/ui/notice";

/** The overview's Storage tile: media stored, 30-day growth, and when the disk fills (the Storage page's figures). */
export function StorageTile({
  tile,
  problem,
  canOpenRetention = false,
}: {
  tile: Tile | null;
  problem: string | null;
  /** The retention page needs manage_settings: others get the warning without a link they cannot follow. */
  canOpenRetention?: boolean;
}) {
  const added = addedLabel(30);
  const net = netGrowthLabel(30);
  return (
    <Card
      title="Storage"
      action={
        <Link href="/storage" className={CARD_LINK}>
          View storage
        </Link>
      }
    >
      {problem ? <p className="text-sm text-muted">{problem}</p> : null}
      {tile ? (
        <>
          <div className="grid grid-cols-2 gap-4">
            <Figure
              label={FIGURES.mediaStored.label}
              counts={FIGURES.mediaStored.counts}
              value={formatBytes(tile.media.total)}
              hint={
                tile.counting
                  ? `counting existing media: ${formatPercent(tile.counting.fraction)}`
                  : `${formatBytes(tile.media.remote)} ${FIGURES.mediaFromOtherServers.label}`
              }
            />
            <Figure
              label={added.label}
              counts={added.counts}
              value={formatDelta(tile.growth30d.added)}
              hint={
                tile.growth30d.net === null
                  ? `${net.label.toLowerCase()}: ${net.pending}`
                  : `${net.label.toLowerCase()}: ${formatDelta(tile.growth30d.net)}`
              }
            />
          </div>
          <p className="mt-3 text-sm">{tile.forecast.summary}</p>
          {tile.retentionWarning ? (
            <div className="mt-3">
              <Notice tone="warn" title="Retention is set, but nothing happens">
                <p>{tile.retentionWarning}</p>
                {canOpenRetention ? (
                  <Link href="/retention" className={CARD_LINK}>
                    Likely causes on the Retention page
                  </Link>
                ) : (
                  <p>An admin with the Manage settings permission can see the likely causes on the Retention page.</p>
                )}
              </Notice>
            </div>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
