"use client";

import { forwardRef } from "react";
import { DateTime } from "@/components/ui/date-time";
import type { QueueItem } from "@/lib/reports/queue";
import { accountAge, categoryLabel } from "@/lib/shared/report-labels";
import { formatCountOf } from "@/lib/shared/format";
import { PostView } from "./post-view";
import { BADGE, PRIMARY, SECONDARY } from "./styles";

/**
 * One queue item: enough to decide without opening the report. Several
 * reports on one account (or on accounts of one server) show as one card,
 * with the most urgent report's details. Its buttons act on all its reports.
 */
export const QueueCard = forwardRef<
  HTMLElement,
  {
    item: QueueItem;
    selected: boolean;
    focused: boolean;
    busy: boolean;
    viewerAccountId: string;
    onSelect: (selected: boolean) => void;
    onAct: (action: "assign_to_self" | "resolve") => void;
    onFocus: () => void;
  }
>(function QueueCard({ item, selected, focused, busy, viewerAccountId, onSelect, onAct, onFocus }, ref) {
  const c = item.card;
  const open = c.resolvedAt === null;
  const mine = c.assignee?.id === viewerAccountId;
  const heading = item.kind === "domain" ? `Accounts on ${item.domain}` : c.target.acct;
  return (
    <article
      ref={ref}
      tabIndex={-1}
      onFocus={onFocus}
      aria-label={`Report ${c.id}: ${heading}`}
      data-report-card={c.id}
      className={
        "min-w-0 rounded-xl border bg-surface p-3 shadow-sm outline-none sm:p-4 " +
        (focused ? "border-brand ring-2 ring-brand" : "border-line")
      }
    >
      <div className="flex items-start gap-2">
        <label className="-m-1 flex min-h-11 min-w-11 shrink-0 cursor-pointer items-center justify-center">
          <input
            type="checkbox"
            className="h-5 w-5"
            checked={selected}
            onChange={(e) => onSelect(e.target.checked)}
            aria-label={`Select ${formatCountOf(item.reports, "report")} on ${heading}`}
          />
        </label>
        <div className="min-w-0 flex-1 space-y-2">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className={`rounded px-2 py-0.5 font-semibold ${categoryTone(c.category)}`}>
              {categoryLabel(c.category)}
            </span>
            {item.reports > 1 ? <span className={BADGE}>{formatCountOf(item.reports, "report")}</span> : null}
            {item.kind === "domain" ? <span className={BADGE}>{formatCountOf(item.accounts, "account")}</span> : null}
            {c.forwarded ? <span className={BADGE}>forwarded</span> : null}
            <span className="text-muted">
              received <DateTime at={item.oldestAt} relative />
            </span>
          </div>
          <h2 className="break-words text-base font-semibold">{heading}</h2>
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-2">
            <div className="min-w-0">
              <dt className="inline text-muted">Target: </dt>
              <dd className="inline break-words">
                {c.target.acct} · {c.target.domain ? "remote" : "local"} · {accountAge(c.target.createdAt)} old
                {c.target.suspendedAt ? " · suspended" : c.target.silencedAt ? " · limited" : ""}
              </dd>
            </div>
            <div className="min-w-0">
              <dt className="inline text-muted">{c.reporter.domain ? "Reporting server: " : "Reporter: "}</dt>
              <dd className="inline break-words">{c.reporter.domain ?? c.reporter.acct}</dd>
            </div>
            <div className="min-w-0">
              <dt className="inline text-muted">Record: </dt>
              <dd className="inline">
                {formatCountOf(c.earlierReports, "earlier report")} · {formatCountOf(c.strikes, "strike")}
              </dd>
            </div>
            <div className="min-w-0">
              <dt className="inline text-muted">Assigned: </dt>
              <dd className="inline break-words">{c.assignee ? (mine ? "you" : c.assignee.acct) : "nobody"}</dd>
            </div>
          </dl>
          {c.rules.length > 0 ? (
            <ul className="list-inside list-disc text-sm" aria-label="Rules cited">
              {c.rules.map((rule, i) => (
                <li key={i} className="break-words">
                  {rule}
                </li>
              ))}
            </ul>
          ) : null}
          {c.comment ? (
            <blockquote className="line-clamp-3 break-words border-l-2 border-line pl-3 text-sm">
              {c.comment}
            </blockquote>
          ) : null}
          {c.firstPost ? <PostView post={c.firstPost} compact /> : null}
          {c.postCount > 1 ? (
            <p className="text-sm text-muted">and {formatCountOf(c.postCount - 1, "more post")} in the report</p>
          ) : null}
          {open ? (
            <div className="grid grid-cols-3 gap-2 sm:flex sm:flex-wrap">
              <a href={`/reports/${c.id}`} className={SECONDARY} aria-label={`Open report ${c.id}`}>
                Open
              </a>
              {!mine ? (
                <button
                  type="button"
                  className={SECONDARY}
                  disabled={busy}
                  onClick={() => onAct("assign_to_self")}
                  aria-label={`Assign to me: report ${c.id}${item.reports > 1 ? ` and ${item.reports - 1} more` : ""}`}
                >
                  Assign to me
                </button>
              ) : null}
              <button
                type="button"
                className={PRIMARY}
                disabled={busy}
                onClick={() => onAct("resolve")}
                aria-label={`Resolve: report ${c.id}${item.reports > 1 ? ` and ${item.reports - 1} more` : ""}`}
              >
                Resolve
              </button>
            </div>
          ) : (
            <p className="text-sm text-muted">
              Resolved <DateTime at={c.resolvedAt} relative />
              {c.resolvedBy ? ` by ${c.resolvedBy.acct}` : ""} ·{" "}
              <a
                href={`/reports/${c.id}`}
                className="inline-flex min-h-11 items-center text-brand underline md:min-h-0"
              >
                Open
              </a>
            </p>
          )}
        </div>
      </div>
    </article>
  );
});

function categoryTone(category: string): string {
  if (category === "legal" || category === "violation") return "bg-bad-soft text-ink";
  if (category === "spam") return "bg-canvas text-muted";
  return "bg-warn-soft text-ink";
}
