"use client";

import { useState } from "react";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { seriesMax } from "@/components/charts/chart-theme";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Notice } from "@/components/ui/notice";
import { UtcDay } from "@/components/ui/date-time";
import { useDailyHistory } from "@/lib/client/use-queues";
import type { DailyRange } from "@/lib/queues/sidekiq-stats";
import { countScale } from "@/lib/shared/chart-scales";
import { formatCount } from "@/lib/shared/format";

const RANGES: { value: DailyRange; label: string }[] = [
  { value: "30d", label: "30 d" },
  { value: "90d", label: "90 d" },
  { value: "1y", label: "1 y" },
  { value: "5y", label: "5 y" },
];
const DAY_MS = 86_400_000;

/**
 * Jobs processed and failed per UTC day as Sidekiq itself counts them (its
 * stat:processed:<day> keys, kept five years), so the history reaches back
 * before Howdah was installed, as far as Sidekiq's Web UI dashboard does.
 */
export function DailyHistory() {
  const [range, setRange] = useState<DailyRange>("90d");
  const { data, error } = useDailyHistory(range);
  const rows = (data?.days ?? []).map((d) => ({ t: Date.parse(`${d.day}T00:00:00Z`), ...d }));
  const total = rows.reduce((sum, r) => ({ p: sum.p + r.processed, f: sum.f + r.failed }), { p: 0, f: 0 });
  const series = [
    { key: "processed", label: "processed", tone: "ok" as const },
    { key: "failed", label: "failed", tone: "bad" as const },
  ];
  const data2 = rows.map((r) => ({ t: r.t, processed: r.processed, failed: r.failed }));
  return (
    <section aria-labelledby="daily-history" className="space-y-2">
      <h3 id="daily-history" className="text-sm font-medium">
        Jobs processed and failed per day, from Sidekiq&apos;s own counters
      </h3>
      <ChoiceGroup legend="Daily history range" choices={RANGES} value={range} onChange={setRange} />
      {error ? <Notice tone="warn">Sidekiq&apos;s daily counters could not be read: {error.message}</Notice> : null}
      {data && data.since === null ? (
        <p className="text-sm text-muted">Sidekiq has kept no daily counts in this range.</p>
      ) : null}
      {data && data.since !== null ? (
        <>
          <p className="text-sm text-muted" data-testid="daily-since">
            Since <UtcDay day={data.since} />: {formatCount(total.p)} processed, {formatCount(total.f)} failed (UTC
            days; Sidekiq keeps five years).
          </p>
          <TimeSeriesChart
            label="Jobs processed and failed per day, from Sidekiq's counters"
            data={data2}
            series={series}
            from={rows[0]!.t}
            to={rows.at(-1)!.t + DAY_MS - 1}
            scale={countScale(
              seriesMax(
                data2,
                series.map((s) => s.key),
              ),
              "jobs per day",
            )}
            height={180}
          />
        </>
      ) : null}
    </section>
  );
}
