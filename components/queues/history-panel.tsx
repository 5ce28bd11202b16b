"use client";

import { useState } from "react";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Notice } from "@/components/ui/notice";
import { useQueuesHistory } from "@/lib/client/use-queues";
import type { HistoryPoint, HistoryRange } from "@/lib/queues/history";
import { formatDurationShort } from "./format";

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
  series: { key: string; label: string }[];
  format?: (value: number) => string;
  wide?: boolean;
}

function charts(points: HistoryPoint[], queueSeries: ChartSpec["series"]): ChartSpec[] {
  const named = (keys: [keyof HistoryPoint, string][]) => keys.map(([key, label]) => ({ key: String(key), label }));
  return [
    {
      title: "Jobs waiting, per queue",
      label: "Jobs waiting per queue over time",
      data: perQueue(points, "size"),
      series: queueSeries,
    },
    {
      title: "Latency (oldest job's wait), per queue",
      label: "Queue latency over time",
      data: perQueue(points, "latencyMax"),
      series: queueSeries,
      format: formatDurationShort,
    },
    {
      title: "Jobs processed and failed per minute",
      label: "Processed and failed jobs per minute over time",
      data: pick(points, ["processedPerMinute", "failedPerMinute"]),
      series: named([
        ["processedPerMinute", "processed"],
        ["failedPerMinute", "failed"],
      ]),
    },
    {
      title: "Retries, dead and scheduled jobs",
      label: "Retry, dead and scheduled set sizes over time",
      data: pick(points, ["retries", "dead", "scheduled"]),
      series: named([
        ["retries", "retries"],
        ["dead", "dead"],
        ["scheduled", "scheduled"],
      ]),
    },
    {
      title: "Sidekiq processes and busy threads",
      label: "Processes alive, busy threads and total threads over time",
      data: pick(points, ["processes", "busy", "concurrency"]),
      series: named([
        ["processes", "processes alive"],
        ["busy", "busy threads"],
        ["concurrency", "threads"],
      ]),
      wide: true,
    },
  ];
}

/** History charts with a range picker; gaps show where the worker took no samples. */
export function HistoryPanel() {
  const [range, setRange] = useState<HistoryRange>("1h");
  const { data, error, isFetching } = useQueuesHistory(range);
  const queueSeries = (data?.queues ?? []).map((q) => ({ key: q, label: q }));
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
                format={c.format}
                height={c.wide ? 180 : undefined}
              />
            </figure>
          ))}
        </div>
      ) : null}
    </div>
  );
}
