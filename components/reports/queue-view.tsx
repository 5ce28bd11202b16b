"use client";

import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useBulkReportAction, type BulkReportAction, type BulkReportResult } from "@/lib/client/use-reports";
import type { ReportQueue } from "@/lib/reports/queue";
import { formatCount, formatCountOf } from "@/lib/shared/format";
import { QueueCard } from "./queue-card";
import { EMPTY_QUEUE_FILTERS, QueueFilters, type QueueFilterValues } from "./queue-filters";
import { ShortcutsHelp } from "./shortcuts-help";
import { PRIMARY, SECONDARY } from "./styles";
import { TriageFiguresPanel } from "./triage-figures";
import { useQueueKeys, type QueueKey } from "./use-queue-keys";
import { useReportQueue } from "@/lib/client/use-reports";

const PAGE_SIZE = 25;
const ACTION_WORDS: Record<BulkReportAction, string> = {
  assign_to_self: "Assign to me",
  unassign: "Unassign",
  resolve: "Resolve",
};

/**
 * The triage queue: most urgent first, filters with counts, bulk select,
 * keyboard shortcuts on desktop, a card per item that works with a thumb.
 * Assign and resolve go through the report actions' bulk endpoint; each
 * report's answer is shown as it came back.
 */
export function QueueView({ initial, problem }: { initial?: ReportQueue; problem: string | null }) {
  const router = useRouter();
  const [filters, setFilters] = useState<QueueFilterValues>(EMPTY_QUEUE_FILTERS);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState(-1);
  const [help, setHelp] = useState(false);
  const [results, setResults] = useState<{ action: BulkReportAction; answer: BulkReportResult } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const cards = useRef<(HTMLElement | null)[]>([]);
  const params = Object.fromEntries(
    Object.entries({ ...filters, offset: String(offset), limit: String(PAGE_SIZE) }).filter(([, v]) => v !== ""),
  );
  const isInitial = JSON.stringify(filters) === JSON.stringify(EMPTY_QUEUE_FILTERS) && offset === 0;
  const { data, error, isFetching } = useReportQueue(params, isInitial ? initial : undefined);
  const bulk = useBulkReportAction();
  const items = data?.items ?? [];

  const change = useCallback((key: keyof QueueFilterValues, value: string) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setOffset(0);
    setSelected(new Set());
    setFocus(-1);
  }, []);

  const act = (action: BulkReportAction, reportIds: string[]) => {
    if (reportIds.length === 0 || bulk.isPending) return;
    setFailure(null);
    bulk.mutate(
      { action, reportIds },
      {
        onSuccess: (answer) => {
          setResults({ action, answer });
          setSelected(new Set());
        },
        onError: (e) => setFailure(e.message),
      },
    );
  };
  const selectedIds = items.filter((i) => selected.has(i.key)).flatMap((i) => i.reportIds);

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(items.length - 1, index));
    setFocus(next);
    cards.current[next]?.focus();
    cards.current[next]?.scrollIntoView?.({ block: "nearest" });
  };
  useQueueKeys((key: QueueKey) => {
    const current = items[focus];
    if (key === "help") return setHelp((h) => !h);
    if (key === "next") return moveTo(focus + 1);
    if (key === "previous") return moveTo(focus - 1);
    if (!current) return;
    if (key === "open") return router.push(`/reports/${current.card.id}`);
    if (key === "assign") return act("assign_to_self", current.reportIds);
    if (key === "resolve") return act("resolve", current.reportIds);
  });

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Reports</h1>
        <p className="text-sm text-muted">
          Unresolved reports, most urgent first: several reports on one account, or on accounts of one server, are one
          item.{" "}
          <button
            type="button"
            className="hidden text-brand underline md:inline"
            onClick={() => setHelp(true)}
            aria-haspopup="dialog"
          >
            Keyboard shortcuts (?)
          </button>
        </p>
      </div>
      {problem ? <Notice tone="bad">{problem}</Notice> : null}
      {error ? <Notice tone="warn">Could not refresh the queue: {error.message}</Notice> : null}
      {failure ? <Notice tone="bad">{failure}</Notice> : null}
      {results ? <ResultList {...results} onClose={() => setResults(null)} /> : null}

      <QueueFilters values={filters} data={data} onChange={change} />

      {data ? (
        <p className="text-sm text-muted" aria-live="polite">
          {formatCountOf(data.totalReports, "report")} in {formatCountOf(data.total, "item")}
          {isFetching ? " · refreshing…" : ""}
        </p>
      ) : null}

      {selected.size > 0 ? (
        <div
          role="region"
          aria-label="Selected reports"
          className={
            "sticky bottom-2 z-20 flex flex-wrap items-center gap-2 rounded-xl border border-brand bg-surface p-3 " +
            "shadow-lg"
          }
        >
          <span className="text-sm font-medium">{formatCountOf(selectedIds.length, "report")} selected</span>
          {(["assign_to_self", "unassign", "resolve"] as const).map((action) => (
            <button
              key={action}
              type="button"
              className={action === "resolve" ? PRIMARY : SECONDARY}
              disabled={bulk.isPending}
              onClick={() => act(action, selectedIds)}
            >
              {ACTION_WORDS[action]}
            </button>
          ))}
          <button type="button" className={SECONDARY} onClick={() => setSelected(new Set())}>
            Clear
          </button>
        </div>
      ) : null}

      {items.length > 0 ? (
        <div className="flex min-h-11 items-center gap-2 text-sm">
          <label className="flex min-h-11 cursor-pointer items-center gap-2">
            <input
              type="checkbox"
              className="h-5 w-5"
              checked={items.every((i) => selected.has(i.key))}
              onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.key)) : new Set())}
            />
            Select all on this page
          </label>
        </div>
      ) : null}

      <ol className="space-y-3" aria-label="Report queue">
        {items.map((item, index) => (
          <li key={item.key}>
            <QueueCard
              ref={(el) => {
                cards.current[index] = el;
              }}
              item={item}
              focused={index === focus}
              selected={selected.has(item.key)}
              busy={bulk.isPending}
              viewerAccountId={data!.viewerAccountId}
              onFocus={() => setFocus(index)}
              onSelect={(on) =>
                setSelected((s) => {
                  const next = new Set(s);
                  if (on) next.add(item.key);
                  else next.delete(item.key);
                  return next;
                })
              }
              onAct={(action) => act(action, item.reportIds)}
            />
          </li>
        ))}
      </ol>
      {data && items.length === 0 ? <p className="text-sm text-muted">No reports match these filters.</p> : null}

      {data && data.total > PAGE_SIZE ? (
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            className={SECONDARY}
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            Previous page
          </button>
          <span className="text-sm text-muted">
            {formatCount(offset + 1)}–{formatCount(Math.min(offset + PAGE_SIZE, data.total))} of{" "}
            {formatCount(data.total)}
          </span>
          <button
            type="button"
            className={SECONDARY}
            disabled={offset + PAGE_SIZE >= data.total}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            Next page
          </button>
        </div>
      ) : null}

      <TriageFiguresPanel />
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}

function ResultList({
  action,
  answer,
  onClose,
}: {
  action: BulkReportAction;
  answer: BulkReportResult;
  onClose: () => void;
}) {
  const failed = answer.results.filter((r) => !r.ok).length;
  return (
    <Notice tone={failed ? "warn" : "info"} title={`${ACTION_WORDS[action]}: ${answer.results.length - failed} done`}>
      <ul className="mt-1 space-y-0.5" aria-label="What each report answered">
        {answer.results.map((r) => (
          <li key={r.id}>
            Report {r.id}: {r.message}
          </li>
        ))}
      </ul>
      <button type="button" className={`${SECONDARY} mt-2`} onClick={onClose}>
        Dismiss
      </button>
    </Notice>
  );
}
