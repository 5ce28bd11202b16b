"use client";

import Link from "next/link";
import { Card, Figure } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { useQueuesSummary } from "@/lib/client/use-queues";
import type { QueuesSummary } from "@/lib/queues/summary";
import { AlertList } from "./alert-list";
import { formatCount, formatDuration, formatPerMinute } from "@/lib/shared/format";
import { HistoryPanel } from "./history-panel";
import { MetricsPanel } from "./metrics-panel";
import { ProcessesList } from "./processes-list";
import { QueueTable } from "./queue-table";
import { FIGURES } from "@/lib/shared/figure-labels";

const MASTODON_OF: Record<QueuesSummary["format"], string> = {
  "6.5": "Mastodon 4.3",
  "7.3": "Mastodon 4.4",
  "8.0": "Mastodon 4.5",
  "8.1": "Mastodon 4.6",
};

function Totals({ s }: { s: QueuesSummary }) {
  const worst = s.queues.reduce<{ name: string; latency: number } | null>(
    (w, q) =>
      q.size !== null && q.latency !== null && q.size > 0 && (!w || q.latency > w.latency)
        ? { name: q.name, latency: q.latency }
        : w,
    null,
  );
  return (
    <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
      <Figure
        label={FIGURES.jobsWaiting.label}
        counts={FIGURES.jobsWaiting.counts}
        value={formatCount(s.totals.enqueued)}
        hint={worst ? `oldest: ${formatDuration(worst.latency)} in ${worst.name}` : "all queues empty"}
      />
      <Figure
        label="Processed"
        value={formatPerMinute(s.rates.processedPerMinute)}
        hint={`${formatCount(s.totals.processed)} in all`}
      />
      <Figure
        label="Failed"
        value={formatPerMinute(s.rates.failedPerMinute)}
        hint={`${formatCount(s.totals.failed)} in all`}
      />
      <Figure
        label="Busy threads"
        value={`${formatCount(s.totals.busy)} / ${formatCount(s.totals.concurrency)}`}
        hint={
          `${formatCount(s.totals.processesAlive)} ${s.totals.processesAlive === 1 ? "process" : "processes"} ` +
          "alive"
        }
      />
      <Figure
        label="Retries · dead"
        value={`${formatCount(s.totals.retries)} · ${formatCount(s.totals.dead)}`}
        hint={`${formatCount(s.totals.scheduled)} scheduled`}
      />
    </div>
  );
}

const PAGE_LINK =
  "inline-flex min-h-11 items-center rounded-md border border-line bg-surface px-3 hover:bg-canvas md:min-h-8";

/** The live Queues page: polls every 5 s while visible (react-query pauses hidden tabs). */
export function QueuesView({ initial, initialProblem }: { initial?: QueuesSummary; initialProblem?: string }) {
  const { data, error } = useQueuesSummary(initial);
  // What the server could not read at render time, shown at once rather than after the client's own retries.
  const problem = error?.message ?? (data ? null : (initialProblem ?? null));
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
              <DateTime at={data.takenAt} relative />
            </p>
          ) : null}
        </div>
        <nav aria-label="Queue pages" className="flex flex-wrap gap-2 text-sm">
          <Link href="/queues/jobs?source=retry" className={PAGE_LINK}>
            Jobs and sets
          </Link>
          <Link href="/queues/alerts" className={PAGE_LINK}>
            Alert thresholds
          </Link>
        </nav>
      </div>
      {problem ? (
        <Notice tone={data ? "warn" : "bad"}>{data ? `Could not refresh: ${problem}` : problem}</Notice>
      ) : null}
      {data && data.problems.length > 0 ? (
        <Notice tone="warn">
          Some of Sidekiq&apos;s data could not be read, so those figures show as unknown:{" "}
          {data.problems.slice(0, 5).join(" ")}
          {data.problems.length > 5 ? ` (and ${data.problems.length - 5} more)` : ""}
        </Notice>
      ) : null}
      {data ? (
        <>
          <AlertList alerts={data.alerts} problem={data.alertsProblem} />
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
          <Card title="Job metrics per class">
            <MetricsPanel />
          </Card>
        </>
      ) : !error ? (
        <p className="text-muted">Loading…</p>
      ) : null}
    </div>
  );
}
