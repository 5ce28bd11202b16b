"use client";

import { useState } from "react";
import { Card, Figure } from "@/components/ui/card";
import { Fold, JumpList } from "@/components/ui/fold";
import { Notice } from "@/components/ui/notice";
import { useStorage } from "@/lib/client/use-storage";
import type { StorageRange } from "@/lib/storage/inputs";
import type { StoragePage } from "@/lib/storage/page-data";
import { formatBytes, formatDelta } from "@/lib/shared/bytes";
import { addedLabel, FIGURES, netGrowthLabel } from "@/lib/shared/figure-labels";
import { STORAGE_RANGES } from "@/lib/shared/storage-ranges";
import { DailyBars, DailyLine } from "./daily-charts";
import { DomainsTable } from "./domains-table";
import { ForecastPanel } from "./forecast-panel";
import { formatCount, formatDay, formatPercent } from "@/lib/shared/format";
import { KindsTable } from "./kinds-table";
import { RangePicker } from "./range-picker";

const SECTIONS = [
  { id: "servers", label: "Remote servers" },
  { id: "kinds", label: "By kind" },
  { id: "growth", label: "Growth" },
  { id: "forecast", label: "Forecast" },
  { id: "method", label: "How it is counted" },
];

const RANGE_WORDS: Record<StorageRange, string> = { "7d": "7 days", "30d": "30 days", "90d": "90 days", "1y": "year" };

/**
 * The Storage page: where the bytes are, how fast they grow, and when the disk
 * fills. The answer comes first (the figures, then the ranking of remote
 * servers), the method last and folded; a jump list leads to each section.
 */
export function StorageView({ initial, problem }: { initial: StoragePage | null; problem: string | null }) {
  const [range, setRange] = useState<StorageRange>(initial?.range ?? "30d");
  const { data, error, isFetching } = useStorage(range, initial ?? undefined);
  if (!data)
    return error || problem ? (
      <Notice tone="bad">{error?.message ?? problem}</Notice>
    ) : (
      <p className="text-muted">Loading…</p>
    );
  const { media, progress, growth } = data;
  const added = addedLabel(STORAGE_RANGES[range]);
  const net = netGrowthLabel(STORAGE_RANGES[range]);
  const fromOthers = FIGURES.mediaFromOtherServers.label;
  const bars = growth.days.map((d) => ({ day: d.day, local: d.addedLocal, remote: d.addedRemote }));
  const held = growth.days.map((d) => ({ day: d.day, held: d.held }));

  return (
    <div className="space-y-4">
      <div className="space-y-3">
        <div>
          <h1 className="text-2xl font-bold">Storage</h1>
          <p className="text-sm text-muted">Where the bytes are, how fast they grow, and when the disk fills.</p>
        </div>
        <JumpList sections={SECTIONS} />
      </div>
      {error ? <Notice tone="warn">Could not refresh: {error.message}</Notice> : null}
      {!progress.complete ? (
        <Notice tone="info" title="Counting the media already stored">
          <div
            className="mt-1 h-2 w-full overflow-hidden rounded-full bg-surface"
            role="progressbar"
            aria-label="First count"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.floor(progress.fraction * 100)}
          >
            <div className="h-full bg-brand" style={{ width: `${progress.fraction * 100}%` }} />
          </div>
          <p className="mt-1">
            {formatPercent(progress.fraction)}: {formatCount(progress.rowsDone)} of about{" "}
            {formatCount(progress.rowsEstimate)} rows, in chunks that never hold Mastodon&apos;s database for long. The
            figures below grow as the count goes on.
          </p>
          {progress.lastIncrementalAt === null ? (
            <p className="mt-1">
              Nothing counted yet: if this stays so for more than a few minutes, check that Howdah&apos;s worker is
              running (npm run worker, or HOWDAH_WORKER_MODE=inline).
            </p>
          ) : null}
        </Notice>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Card title="Media">
          <Figure
            label={FIGURES.mediaStored.label}
            counts={FIGURES.mediaStored.counts}
            value={formatBytes(media.total)}
            hint={`${formatBytes(media.local)} local · ${formatBytes(media.remote)} ${fromOthers}`}
          />
          <p className="mt-2 text-xs text-muted">
            {formatCount(media.evictedRows)} remote files evicted (row kept, file cleared)
          </p>
        </Card>
        <Card title="Growth">
          <Figure
            label={added.label}
            counts={added.counts}
            value={formatDelta(growth.added)}
            hint={
              growth.net === null
                ? `${net.label.toLowerCase()}: ${net.pending}`
                : `${net.label.toLowerCase()}: ${formatDelta(growth.net)}`
            }
          />
        </Card>
        <Card title="Forecast">
          <p className="text-sm font-medium">{data.forecast.summary}</p>
        </Card>
        <Card title="Space usage">
          <dl className="space-y-1 text-sm">
            <Row label="Media" value={formatBytes(media.total)} />
            <Row label="PostgreSQL" value={data.database.bytes === null ? "—" : formatBytes(data.database.bytes)} />
            <Row label={data.redis.label} value={data.redis.bytes === null ? "—" : formatBytes(data.redis.bytes)} />
            <Row label="Together" value={formatBytes(data.spaceUsage)} strong />
          </dl>
        </Card>
      </div>

      <Fold id="servers" title="Remote servers by cached bytes">
        <p className="mb-3 text-xs text-muted">
          Attachments, avatars, headers and custom emoji of each server&apos;s accounts stored here. Open a server for
          its own figures.
        </p>
        <DomainsTable domains={data.domains} />
      </Fold>
      <Fold id="kinds" title="By kind">
        <KindsTable kinds={data.kinds} />
      </Fold>

      <Fold id="growth" title="Growth per day">
        <div className="mb-4">
          <RangePicker value={range} onChange={setRange} />
        </div>
        <div className={`grid gap-6 lg:grid-cols-2 ${isFetching ? "opacity-80" : ""}`}>
          <div>
            <h3 className="text-sm font-medium">Added per day</h3>
            <p className="mb-2 text-xs text-muted">
              By the day the files arrived; a re-downloaded file counts on the day it came back.
            </p>
            <DailyBars
              data={bars}
              series={[
                { key: "local", label: "Local" },
                { key: "remote", label: "Remote" },
              ]}
              label={`Bytes added per day over the last ${RANGE_WORDS[range]}, local and remote`}
            />
          </div>
          <div>
            <h3 className="text-sm font-medium">Held at the end of each day</h3>
            <p className="mb-2 text-xs text-muted">
              Net of evictions, from Howdah&apos;s daily snapshots
              {growth.firstSnapshot
                ? ` (since ${formatDay(growth.firstSnapshot)})`
                : " (the first is taken when the count finishes)"}
              : Mastodon clears the size of evicted media, so only snapshots know it.
            </p>
            <DailyLine
              data={held}
              dataKey="held"
              name="Held"
              label={`Media held at the end of each day over the last ${RANGE_WORDS[range]}`}
              capacity={
                data.forecast.capacityBytes && !data.forecast.includesDatabase ? data.forecast.capacityBytes : null
              }
            />
          </div>
        </div>
      </Fold>

      <section id="forecast" aria-label="Forecast and retention" className="scroll-mt-16 md:scroll-mt-4">
        <ForecastPanel
          forecast={data.forecast}
          retention={data.retention}
          capacity={data.capacity}
          canEdit={data.canEditCapacity}
        />
      </section>
      <Fold id="method" title="How Howdah counts" defaultOpen={false}>
        <p className="text-sm text-muted">
          Files Mastodon stores, with its own size columns (the original and the thumbnail; resized copies are not
          recorded), as tootctl media usage counts them. Remote servers are ranked by the files their accounts brought
          here: attachments, avatars, headers and custom emoji.
        </p>
      </Fold>
    </div>
  );
}

function Row({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`flex justify-between gap-2 ${strong ? "border-t border-line pt-1 font-semibold" : ""}`}>
      <dt className={strong ? "" : "text-muted"}>{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  );
}
