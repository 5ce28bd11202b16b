"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useQueuesSummary } from "@/lib/client/use-queues";
import { useBulkAction, useJobAction, useJobsAction, useQueueJobs } from "@/lib/client/use-queues-jobs";
import { isDue, jobActionsFor, type JobActionName } from "@/lib/shared/job-actions";
import { BreakdownPanel } from "./breakdown-panel";
import { ConfirmButton } from "./confirm-button";
import { formatCount } from "@/lib/shared/format";
import { JobCard, type ActionResult } from "./job-card";

const LIMIT = 25;
const SET_LABEL: Record<string, string> = { schedule: "Scheduled", retry: "Retries", dead: "Dead" };
const ORDER_LABEL: Record<string, [string, string]> = {
  queue: ["Next to run first", "Newest first"],
  schedule: ["Soonest first", "Latest first"],
  retry: ["Next retry first", "Last retry first"],
  dead: ["Most recent first", "Oldest first"],
};

const PICK_BAR =
  "sticky top-0 z-10 mt-2 flex flex-wrap items-center gap-2 rounded-md border border-line bg-surface px-2 py-1.5";
const CHOSEN = "border-brand bg-brand-soft font-semibold text-brand";
const NOT_CHOSEN = "border-line bg-surface hover:bg-canvas";
/** "1,001–1,025": the positions a page covers, counted from one. */
const span = (offset: number, count: number) => `${formatCount(offset + 1)}–${formatCount(offset + count)}`;

export interface JobsViewProps {
  source: string;
  className: string;
  /** Search text from the address (?q=). */
  search: string;
  offset: number;
  canViewJobs: boolean;
  canManage: boolean;
}

/** A clock for the page, so a job's "due" state follows time between list refreshes. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
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
  const [searchInput, setSearchInput] = useState(props.search);
  const [search, setSearch] = useState(props.search);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [bulkResult, setBulkResult] = useState<ActionResult | null>(null);
  const now = useNow(1_000);
  const summary = useQueuesSummary();
  const bulk = useBulkAction();
  const selection = useJobsAction();
  const single = useJobAction();
  const jobs = useQueueJobs(
    { source, offset, limit: LIMIT, class: classFilter, q: search, reverse },
    props.canViewJobs,
  );
  // A page of another list (kept while the next one loads) is never shown under this list's name.
  const page = props.canViewJobs && jobs.data?.source === source ? jobs.data : undefined;
  // Only jobs on the page as last read can be acted on: a picked job that has moved leaves the selection.
  const pickedOnPage = useMemo(() => (page?.jobs ?? []).filter((j) => picked.has(j.id)), [page, picked]);

  useEffect(() => {
    const address = new URLSearchParams({ source });
    if (classFilter) address.set("class", classFilter);
    if (search) address.set("q", search);
    if (offset) address.set("offset", String(offset));
    window.history.replaceState(null, "", `/queues/jobs?${address}`);
  }, [source, classFilter, search, offset]);

  const go = (next: { source?: string; classFilter?: string; search?: string; offset?: number; reverse?: boolean }) => {
    if (next.source !== undefined) setSource(next.source);
    if (next.classFilter !== undefined) {
      setClassFilter(next.classFilter);
      setClassInput(next.classFilter);
    }
    if (next.search !== undefined) {
      setSearch(next.search);
      setSearchInput(next.search);
    }
    if (next.reverse !== undefined) setReverse(next.reverse);
    setOffset(next.offset ?? 0);
    setHistory([]);
    setBulkResult(null);
    setPicked(new Set());
  };
  const pick = (id: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  // The open list's count comes from the same reading as its page of jobs, so the two always agree.
  const countOf = (id: string, fromSummary: number | null | undefined) =>
    page && id === page.source ? page.total : fromSummary;
  const sources = [
    ...(summary.data?.queues.map((q) => ({ id: `queue:${q.name}`, count: countOf(`queue:${q.name}`, q.size) })) ?? []),
    { id: "schedule", count: countOf("schedule", summary.data?.totals.scheduled) },
    { id: "retry", count: countOf("retry", summary.data?.totals.retries) },
    { id: "dead", count: countOf("dead", summary.data?.totals.dead) },
  ];
  if (!sources.some((s) => s.id === source)) sources.unshift({ id: source, count: undefined });
  const kind = source.startsWith("queue:") ? "queue" : source;
  const [orderA, orderB] = ORDER_LABEL[kind] ?? ORDER_LABEL.queue!;
  const runPicked = (action: (typeof pickActions)[number]) => {
    const ids = pickedOnPage.filter((j) => !(action.enqueues && isDue(source, j.scoreMs, now))).map((j) => j.id);
    selection.mutate(
      { action: action.action, source, ids },
      {
        onSuccess: (r) => setBulkResult({ tone: r.gone ? "bad" : "info", text: r.message }),
        onError: (e) => setBulkResult({ tone: "bad", text: e.message }),
        onSettled: () => setPicked(new Set()),
      },
    );
  };
  const runOne = (action: JobActionName, id: string) =>
    single.mutate(
      { action, source, id },
      {
        onSuccess: (r) => setBulkResult({ tone: "info", text: r.message }),
        onError: (e) => setBulkResult({ tone: "bad", text: e.message }),
      },
    );
  const pickActions = jobActionsFor(source);
  const allPicked = page !== undefined && page.jobs.length > 0 && pickedOnPage.length === page.jobs.length;
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
            role="search"
            className="mb-3 flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              go({ search: searchInput.trim(), classFilter: "" });
            }}
          >
            <label className="flex min-w-0 basis-full flex-col text-sm sm:basis-0 sm:flex-1">
              <span className="text-xs text-muted">Search in jobs (arguments, jid, error)</span>
              <input
                type="search"
                value={searchInput}
                onChange={(e) => setSearchInput(e.target.value)}
                placeholder="e.g. an inbox URL or an account id"
                className="min-w-0 rounded-md border border-line px-2 py-1.5"
              />
            </label>
            <button type="submit" className="rounded-md bg-brand px-3 py-1.5 text-sm font-semibold text-white">
              Search
            </button>
            {search ? (
              <button
                type="button"
                className="rounded-md border border-line px-3 py-1.5 text-sm"
                onClick={() => go({ search: "" })}
              >
                Clear search
              </button>
            ) : null}
          </form>
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              go({ classFilter: classInput.trim(), search: "" });
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
                  : page.search !== null
                    ? searchSummary(page.search, page.matches ?? 0, page.jobs.length, page.total, page.complete)
                    : classFilter
                      ? `${page.jobs.length} ${classFilter} jobs found among positions ` +
                        `${span(page.offset, page.scanned)} of ${formatCount(page.total)}.`
                      : `Jobs ${span(page.offset, page.jobs.length)} of ${formatCount(page.total)}.`}
              </p>
              {props.canManage && page.jobs.length > 0 ? (
                <div className={PICK_BAR} aria-label="Picked jobs" role="group">
                  <label className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      className="h-5 w-5"
                      checked={allPicked}
                      onChange={(e) => setPicked(e.target.checked ? new Set(page.jobs.map((j) => j.id)) : new Set())}
                    />
                    Pick all on this page
                  </label>
                  <span className="text-sm text-muted" aria-live="polite">
                    {pickedOnPage.length === 0 ? "none picked" : `${formatCount(pickedOnPage.length)} picked`}
                  </span>
                  {pickedOnPage.length > 0
                    ? pickActions
                        .filter((a) => !a.enqueues || pickedOnPage.some((j) => !isDue(source, j.scoreMs, now)))
                        .map((a) => (
                          <ConfirmButton
                            key={a.action}
                            label={`${a.label} (${formatCount(pickedOnPage.length)})`}
                            confirm={a.confirmMany(pickedOnPage.length)}
                            busy={selection.isPending}
                            onConfirm={() => runPicked(a)}
                          />
                        ))
                    : null}
                </div>
              ) : null}
              <ul className="mt-2 space-y-3" aria-label="Jobs">
                {page.jobs.map((job) => (
                  <JobCard
                    key={job.id}
                    job={job}
                    source={page.source}
                    canManage={props.canManage}
                    now={now}
                    selected={picked.has(job.id)}
                    onSelect={(on) => pick(job.id, on)}
                    onAction={(action) => runOne(action, job.id)}
                    busy={single.isPending && single.variables?.id === job.id}
                  />
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

function searchSummary(text: string, matches: number, shown: number, total: number, complete: boolean): string {
  const where = `${formatCount(total)} ${total === 1 ? "job" : "jobs"}`;
  if (matches === 0)
    return `No job contains “${text}” among ${complete ? "the" : "the first searched of the"} ${where}.`;
  const found = `${formatCount(matches)} ${matches === 1 ? "job contains" : "jobs contain"} “${text}” among ${where}`;
  const more = complete ? "" : " (a very large list: only part of it was searched)";
  return shown < matches ? `${found}${more}; the first ${formatCount(shown)} are shown.` : `${found}${more}.`;
}
