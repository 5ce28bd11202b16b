"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useQueuesSummary } from "@/lib/client/use-queues";
import { useBulkAction, useQueueJobs } from "@/lib/client/use-queues-jobs";
import { BreakdownPanel } from "./breakdown-panel";
import { ConfirmButton } from "./confirm-button";
import { formatCount } from "@/lib/shared/format";
import { JobCard } from "./job-card";

const LIMIT = 25;
const SET_LABEL: Record<string, string> = { schedule: "Scheduled", retry: "Retries", dead: "Dead" };
const ORDER_LABEL: Record<string, [string, string]> = {
  queue: ["Next to run first", "Newest first"],
  schedule: ["Soonest first", "Latest first"],
  retry: ["Next retry first", "Last retry first"],
  dead: ["Most recent first", "Oldest first"],
};

const CHOSEN = "border-brand bg-brand-soft font-semibold text-brand";
const NOT_CHOSEN = "border-line bg-surface hover:bg-canvas";
/** "1,001–1,025": the positions a page covers, counted from one. */
const span = (offset: number, count: number) => `${formatCount(offset + 1)}–${formatCount(offset + count)}`;

export interface JobsViewProps {
  source: string;
  className: string;
  offset: number;
  canViewJobs: boolean;
  canManage: boolean;
}

function sourceLabel(source: string): string {
  return source.startsWith("queue:") ? `Queue ${source.slice(6)}` : (SET_LABEL[source] ?? source);
}

/** Jobs of one queue or set, a window at a time, with the backlog breakdown and (view_devops) actions. */
export function JobsView(props: JobsViewProps) {
  const [source, setSource] = useState(props.source);
  const [classInput, setClassInput] = useState(props.className);
  const [classFilter, setClassFilter] = useState(props.className);
  const [offset, setOffset] = useState(props.offset);
  const [reverse, setReverse] = useState(false);
  const [history, setHistory] = useState<number[]>([]);
  const [jump, setJump] = useState("");
  const [bulkResult, setBulkResult] = useState<{ tone: "info" | "bad"; text: string } | null>(null);
  const summary = useQueuesSummary();
  const bulk = useBulkAction();
  const jobs = useQueueJobs({ source, offset, limit: LIMIT, class: classFilter, reverse }, props.canViewJobs);
  const page = props.canViewJobs ? jobs.data : undefined;

  useEffect(() => {
    const search = new URLSearchParams({ source });
    if (classFilter) search.set("class", classFilter);
    if (offset) search.set("offset", String(offset));
    window.history.replaceState(null, "", `/queues/jobs?${search}`);
  }, [source, classFilter, offset]);

  const go = (next: { source?: string; classFilter?: string; offset?: number; reverse?: boolean }) => {
    if (next.source !== undefined) setSource(next.source);
    if (next.classFilter !== undefined) {
      setClassFilter(next.classFilter);
      setClassInput(next.classFilter);
    }
    if (next.reverse !== undefined) setReverse(next.reverse);
    setOffset(next.offset ?? 0);
    setHistory([]);
    setBulkResult(null);
  };

  const sources = [
    ...(summary.data?.queues.map((q) => ({ id: `queue:${q.name}`, count: q.size })) ?? []),
    { id: "schedule", count: summary.data?.totals.scheduled },
    { id: "retry", count: summary.data?.totals.retries },
    { id: "dead", count: summary.data?.totals.dead },
  ];
  if (!sources.some((s) => s.id === source)) sources.unshift({ id: source, count: undefined });
  const kind = source.startsWith("queue:") ? "queue" : source;
  const [orderA, orderB] = ORDER_LABEL[kind] ?? ORDER_LABEL.queue!;
  const runBulk = (action: "retry_all_retries" | "delete_all_dead") =>
    bulk.mutate(
      { action },
      {
        onSuccess: (r) => setBulkResult({ tone: "info", text: r.message }),
        onError: (e) => setBulkResult({ tone: "bad", text: e.message }),
      },
    );

  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href="/queues" className="inline-flex min-h-11 items-center text-brand hover:underline md:min-h-0">
            ← Queues
          </Link>
        </p>
        <h1 className="text-2xl font-bold">{sourceLabel(source)}</h1>
      </div>

      <nav aria-label="Queues and sets" className="-mx-1 flex gap-1 overflow-x-auto pb-1">
        {sources.map((s) => (
          <button
            key={s.id}
            type="button"
            aria-current={s.id === source ? "page" : undefined}
            onClick={() => go({ source: s.id, classFilter: "" })}
            className={`shrink-0 rounded-md border px-3 py-1.5 text-sm ${s.id === source ? CHOSEN : NOT_CHOSEN}`}
          >
            {sourceLabel(s.id).replace("Queue ", "")}
            {s.count !== undefined ? (
              <span className="ml-1 tabular-nums text-muted">{formatCount(s.count)}</span>
            ) : null}
          </button>
        ))}
      </nav>

      <Card title="What is in it">
        <BreakdownPanel
          source={source}
          onPickClass={props.canViewJobs ? (name) => go({ classFilter: name }) : undefined}
        />
      </Card>

      {!props.canViewJobs ? (
        <Notice>
          The jobs themselves (their arguments can hold private posts) and the actions on them are for roles with
          Mastodon's view_devops permission.
        </Notice>
      ) : (
        <Card title="Jobs">
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              go({ classFilter: classInput.trim() });
            }}
          >
            <label className="flex min-w-0 basis-full flex-col text-sm sm:basis-0 sm:flex-1">
              <span className="text-xs text-muted">Job class</span>
              <input
                value={classInput}
                onChange={(e) => setClassInput(e.target.value)}
                placeholder="e.g. ActivityPub::DeliveryWorker"
                className="min-w-0 rounded-md border border-line px-2 py-1.5"
              />
            </label>
            <button type="submit" className="rounded-md bg-brand px-3 py-1.5 text-sm font-semibold text-on-brand">
              Filter
            </button>
            {classFilter ? (
              <button
                type="button"
                className="rounded-md border border-line px-3 py-1.5 text-sm"
                onClick={() => go({ classFilter: "" })}
              >
                Clear
              </button>
            ) : null}
            <label className="flex flex-col text-sm">
              <span className="text-xs text-muted">Order</span>
              <select
                value={reverse ? "b" : "a"}
                onChange={(e) => go({ reverse: e.target.value === "b" })}
                className="rounded-md border border-line px-2 py-1.5"
              >
                <option value="a">{orderA}</option>
                <option value="b">{orderB}</option>
              </select>
            </label>
            <button
              type="button"
              className="rounded-md border border-line px-3 py-1.5 text-sm"
              onClick={() => void jobs.refetch()}
              disabled={jobs.isFetching}
            >
              {jobs.isFetching ? "Loading…" : "Refresh"}
            </button>
          </form>

          {canBulk(source) && props.canManage ? (
            <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-line pt-3">
              {source === "retry" ? (
                <ConfirmButton
                  label="Retry all retries"
                  confirm={`Move all ${formatCount(summary.data?.totals.retries ?? 0)} retries to their queues now?`}
                  busy={bulk.isPending}
                  onConfirm={() => runBulk("retry_all_retries")}
                />
              ) : (
                <ConfirmButton
                  label="Delete all dead jobs"
                  confirm={`Delete all ${formatCount(summary.data?.totals.dead ?? 0)} dead jobs for good?`}
                  busy={bulk.isPending}
                  onConfirm={() => runBulk("delete_all_dead")}
                />
              )}
            </div>
          ) : null}
          {bulkResult ? (
            <div className="mt-2">
              <Notice tone={bulkResult.tone}>{bulkResult.text}</Notice>
            </div>
          ) : null}

          {jobs.error ? (
            <div className="mt-3">
              <Notice tone="bad">{jobs.error.message}</Notice>
            </div>
          ) : null}
          {page ? (
            <>
              <p className="mt-3 text-sm text-muted" aria-live="polite">
                {page.total === 0
                  ? "No jobs here."
                  : classFilter
                    ? `${page.jobs.length} ${classFilter} jobs found among positions ` +
                      `${span(page.offset, page.scanned)} of ${formatCount(page.total)}.`
                    : `Jobs ${span(page.offset, page.jobs.length)} of ${formatCount(page.total)}.`}
              </p>
              <ul className="mt-2 space-y-3" aria-label="Jobs">
                {page.jobs.map((job) => (
                  <JobCard key={job.id} job={job} source={page.source} canManage={props.canManage} />
                ))}
              </ul>
              <div className="mt-3 flex flex-wrap items-center gap-2">
                <button
                  type="button"
                  className="rounded-md border border-line px-3 py-1.5 text-sm disabled:opacity-50"
                  disabled={offset === 0}
                  onClick={() => {
                    const previous = history.at(-1) ?? Math.max(0, offset - LIMIT);
                    setHistory(history.slice(0, -1));
                    setOffset(previous);
                  }}
                >
                  Previous
                </button>
                <button
                  type="button"
                  className="rounded-md border border-line px-3 py-1.5 text-sm disabled:opacity-50"
                  disabled={page.nextOffset === null}
                  onClick={() => {
                    setHistory([...history, offset]);
                    setOffset(page.nextOffset ?? offset);
                  }}
                >
                  Next
                </button>
                <form
                  className="flex items-center gap-1"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const n = Number.parseInt(jump.replaceAll(",", ""), 10);
                    if (Number.isFinite(n) && n >= 1) go({ offset: n - 1 });
                  }}
                >
                  <label className="text-sm text-muted" htmlFor="jump">
                    Go to position
                  </label>
                  <input
                    id="jump"
                    inputMode="numeric"
                    value={jump}
                    onChange={(e) => setJump(e.target.value)}
                    className="w-28 rounded-md border border-line px-2 py-1 text-sm"
                  />
                  <button type="submit" className="rounded-md border border-line px-2 py-1 text-sm">
                    Go
                  </button>
                </form>
              </div>
            </>
          ) : null}
        </Card>
      )}
    </div>
  );
}

const canBulk = (source: string) => source === "retry" || source === "dead";
