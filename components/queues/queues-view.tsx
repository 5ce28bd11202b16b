"use client";

import Link from "next/link";
import { Card, Figure } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useQueuesSummary } from "@/lib/client/use-queues";
import type { QueuesSummary } from "@/lib/queues/summary";
import { AlertList } from "./alert-list";
import { formatCount, formatDuration, formatRate } from "./format";
import { HistoryPanel } from "./history-panel";
import { ProcessesList } from "./processes-list";
import { QueueTable } from "./queue-table";

const MASTODON_OF: Record<QueuesSummary["format"], string> = {
  "6.5": "Mastodon 4.3",
  "7.3": "Mastodon 4.4",
  "8.0": "Mastodon 4.5",
  "8.1": "Mastodon 4.6",
};

function Totals({ s }: { s: QueuesSummary }) {
  const worst = s.queues.reduce<{ name: string; latency: number } | null>(
    (w, q) => (q.size > 0 && (!w || q.latency > w.latency) ? q : w),
    null,
  );
  return (
    <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
      <Figure
        label="Jobs waiting"
        value={formatCount(s.totals.enqueued)}
        hint={worst ? `oldest: ${formatDuration(worst.latency)} in ${worst.name}` : "all queues empty"}
      />
      <Figure
        label="Processed"
        value={formatRate(s.rates.processedPerMinute)}
        hint={`${formatCount(s.totals.processed)} in all`}
      />
      <Figure
        label="Failed"
        value={formatRate(s.rates.failedPerMinute)}
        hint={`${formatCount(s.totals.failed)} in all`}
      />
      <Figure
        label="Busy threads"
        value={`${formatCount(s.totals.busy)} / ${formatCount(s.totals.concurrency)}`}
        hint={`${s.totals.processesAlive} ${s.totals.processesAlive === 1 ? "process" : "processes"} alive`}
      />
      <Figure
        label="Retries · dead"
        value={`${formatCount(s.totals.retries)} · ${formatCount(s.totals.dead)}`}
        hint={`${formatCount(s.totals.scheduled)} scheduled`}
      />
    </div>
  );
}

/** The live Queues page: polls every 5 s while visible (react-query pauses hidden tabs). */
export function QueuesView({ initial }: { initial?: QueuesSummary }) {
  const { data, error, dataUpdatedAt } = useQueuesSummary(initial);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-bold">Queues</h1>
          {data ? (
            <p className="text-sm text-muted">
              Sidekiq {data.format} ({MASTODON_OF[data.format]}){data.formatKnown ? "" : " assumed"} ·{" "}
              {data.sidekiqRedis === "own" ? "its own Redis" : "Mastodon's main Redis"}
              {data.namespace ? ` · namespace ${data.namespace}` : ""} · live, updated{" "}
              <time suppressHydrationWarning>{new Date(dataUpdatedAt || data.takenAt).toLocaleTimeString()}</time>
            </p>
          ) : null}
        </div>
        <nav aria-label="Queue pages" className="flex flex-wrap gap-2 text-sm">
          <Link
            href="/queues/jobs?source=retry"
            className="inline-flex min-h-11 items-center rounded-md border border-line bg-surface px-3 hover:bg-canvas md:min-h-8"
          >
            Jobs and sets
          </Link>
          <Link
            href="/queues/alerts"
            className="inline-flex min-h-11 items-center rounded-md border border-line bg-surface px-3 hover:bg-canvas md:min-h-8"
          >
            Alert thresholds
          </Link>
        </nav>
      </div>
      {error ? (
        <Notice tone={data ? "warn" : "bad"}>{data ? `Could not refresh: ${error.message}` : error.message}</Notice>
      ) : null}
      <AlertList />
      {data ? (
        <>
          <Card>
            <Totals s={data} />
          </Card>
          <Card title="Queues">
            <QueueTable summary={data} />
          </Card>
          <Card title="History">
            <HistoryPanel />
          </Card>
          <Card title="Processes">
            <ProcessesList summary={data} />
          </Card>
        </>
      ) : !error ? (
        <p className="text-muted">Loading…</p>
      ) : null}
    </div>
  );
}
