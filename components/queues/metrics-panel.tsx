"use client";

import { useState } from "react";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Notice } from "@/components/ui/notice";
import { ScrollBox } from "@/components/ui/scroll-box";
import { useJobMetrics } from "@/lib/client/use-queues";
import type { MetricPeriod } from "@/lib/queues/sidekiq-stats";
import { formatCount, formatNumber } from "@/lib/shared/format";

const PERIODS = (["1h", "2h", "4h", "8h", "24h", "48h", "72h"] as const satisfies readonly MetricPeriod[]).map(
  (value) => ({ value, label: value.replace("h", " h") }),
);
const SHOWN = 50;

const seconds = (ms: number) => `${formatNumber(ms / 1000)} s`;

/**
 * Per-class execution metrics as Sidekiq 7+ keeps them in Redis (runs,
 * failures, time of the successful runs), over the Web UI's periods; on
 * Sidekiq 6.5 (or 7.3 beyond 8 hours) it says there are none.
 */
export function MetricsPanel() {
  const [period, setPeriod] = useState<MetricPeriod>("1h");
  const { data, error } = useJobMetrics(period);
  return (
    <div className="space-y-3">
      <ChoiceGroup legend="Metrics period" choices={PERIODS} value={period} onChange={setPeriod} />
      {error ? <Notice tone="warn">Metrics could not be read: {error.message}</Notice> : null}
      {data && !data.available ? <p className="text-sm text-muted">{data.reason}</p> : null}
      {data && data.available && data.classes.length === 0 ? (
        <p className="text-sm text-muted">No job ran in this period (as far as Sidekiq recorded).</p>
      ) : null}
      {data && data.available && data.classes.length > 0 ? (
        <ScrollBox label="Jobs per class">
          <table className="w-full text-sm">
            <caption className="sr-only">Jobs run per class over the last {period}, busiest first</caption>
            <thead>
              <tr className="border-b border-line text-left text-xs text-muted">
                <th scope="col" className="py-1 pr-3 font-medium">
                  Job class
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">
                  Runs
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">
                  Failed
                </th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">
                  Total time
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Average
                </th>
              </tr>
            </thead>
            <tbody>
              {data.classes.slice(0, SHOWN).map((c) => (
                <tr key={c.className} className="border-b border-line last:border-0">
                  <th scope="row" className="break-all py-1 pr-3 text-left font-normal">
                    {c.className}
                  </th>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatCount(c.processed)}</td>
                  <td className={`py-1 pr-3 text-right tabular-nums ${c.failed ? "text-bad" : ""}`}>
                    {formatCount(c.failed)}
                  </td>
                  <td className="py-1 pr-3 text-right tabular-nums">{seconds(c.totalMs)}</td>
                  <td className="py-1 text-right tabular-nums">{c.averageMs === null ? "—" : seconds(c.averageMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-1 text-xs text-muted">
            From Sidekiq&apos;s own {data.bucketSeconds === 60 ? "per-minute" : "ten-minute"} metrics. Total and average
            time count successful runs only, as Sidekiq does.
            {data.classes.length > SHOWN ? ` The ${SHOWN} busiest of ${data.classes.length} classes are shown.` : ""}
          </p>
        </ScrollBox>
      ) : null}
    </div>
  );
}
