"use client";

import { useState } from "react";
import { TimeSeriesChart, type Series } from "@/components/charts/time-series-chart";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Notice } from "@/components/ui/notice";
import { useQueuesHistory } from "@/lib/client/use-queues";
import type { HistoryPoint, HistoryRange } from "@/lib/queues/history";
import { countScale, durationScale, type ValueScale } from "@/lib/shared/chart-scales";
import { seriesMax } from "@/components/charts/chart-theme";
import { DailyHistory } from "./daily-history";

const RANGES: { value: HistoryRange; label: string }[] = [
  { value: "1h", label: "1 h" },
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 d" },
  { value: "30d", label: "30 d" },
  { value: "90d", label: "90 d" },
];

type Row = Record<string, number | null>;

function perQueue(points: HistoryPoint[], field: "size" | "latencyMax"): Row[] {
  return points.map((p) => {
    const row: Row = { t: p.t };
    for (const [queue, value] of Object.entries(p[field])) row[queue] = value;
    return row;
  });
}

function pick(points: HistoryPoint[], keys: (keyof HistoryPoint)[]): Row[] {
  return points.map((p) => Object.fromEntries([["t", p.t], ...keys.map((k) => [k, p[k] as number | null])]));
}

interface ChartSpec {
  title: string;
  label: string;
  data: Row[];
  series: Series[];
  scale: (max: number) => ValueScale;
  wide?: boolean;
}

function charts(points: HistoryPoint[], queueSeries: Series[]): ChartSpec[] {
  return [
    {
      title: "Jobs waiting, per queue",
      label: "Jobs waiting per queue over time",
      data: perQueue(points, "size"),
      series: queueSeries,
      scale: (max) => countScale(max, "jobs"),
    },
    {
      title: "Latency (oldest job's wait), per queue",
      label: "Queue latency over time",
      data: perQueue(points, "latencyMax"),
      series: queueSeries,
      scale: durationScale,
    },
    {
      title: "Jobs processed and failed per minute",
      label: "Processed and failed jobs per minute over time",
      data: pick(points, ["processedPerMinute", "failedPerMinute"]),
      series: [
        { key: "processedPerMinute", label: "processed", tone: "ok" },
        { key: "failedPerMinute", label: "failed", tone: "bad" },
      ],
      scale: (max) => countScale(max, "jobs per minute"),
    },
    {
      title: "Retries, dead and scheduled jobs",
      label: "Retry, dead and scheduled set sizes over time",
      data: pick(points, ["retries", "dead", "scheduled"]),
      series: [
        { key: "retries", label: "retries", tone: "warn" },
        { key: "dead", label: "dead", tone: "bad" },
        { key: "scheduled", label: "scheduled", color: 0 },
      ],
      scale: (max) => countScale(max, "jobs"),
    },
    {
      title: "Sidekiq processes and busy threads",
      label: "Processes alive, busy threads and total threads over time",
      data: pick(points, ["processes", "busy", "concurrency"]),
      series: [
        { key: "processes", label: "processes alive", color: 3 },
        { key: "busy", label: "busy threads", color: 0 },
        { key: "concurrency", label: "threads", color: 4 },
      ],
      scale: (max) => countScale(max, "processes and threads"),
      wide: true,
    },
  ];
}

/** History charts with a range picker; gaps show where the worker took no samples. */
export function HistoryPanel() {
  const [range, setRange] = useState<HistoryRange>("1h");
  const { data, error, isFetching } = useQueuesHistory(range);
  // One colour per queue, the same on both per-queue charts.
  const queueSeries: Series[] = (data?.queues ?? []).map((q, i) => ({ key: q, label: q, color: i }));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <ChoiceGroup legend="History range" choices={RANGES} value={range} onChange={setRange} size="small" />
        {isFetching ? <span className="text-xs text-muted">updating…</span> : null}
      </div>
      {error ? <Notice tone="warn">History could not be read: {error.message}</Notice> : null}
      {data && data.points.length === 0 ? (
        <p className="text-sm text-muted">
          No samples in this range yet. Howdah's worker samples Sidekiq every 10 seconds (run{" "}
          <code>npm run worker</code>, or set HOWDAH_WORKER_MODE=inline).
        </p>
      ) : null}
      {data && data.points.length > 0 ? (
        <div className="grid gap-6 lg:grid-cols-2">
          {charts(data.points, queueSeries).map((c) => (
            <figure key={c.title} className={`min-w-0 ${c.wide ? "lg:col-span-2" : ""}`}>
              <figcaption className="mb-1 text-sm font-medium">{c.title}</figcaption>
              <TimeSeriesChart
                label={c.label}
                data={c.data}
                series={c.series}
                from={data.from}
                to={data.to}
                scale={c.scale(
                  seriesMax(
                    c.data,
                    c.series.map((x) => x.key),
                  ),
                )}
                height={c.wide ? 180 : undefined}
              />
            </figure>
          ))}
        </div>
      ) : null}
      <DailyHistory />
    </div>
  );
}
