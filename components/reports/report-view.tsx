"use client";

import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { useReport } from "@/lib/client/use-reports";
import type { ReportPage } from "@/lib/reports/report-page";
import { accountAge, categoryLabel, historyVerb, strikeLabel } from "@/lib/shared/report-labels";
import { formatCount, formatCountOf } from "@/lib/shared/format";
import { MastodonBaseProvider } from "./mastodon-base";
import { PostView } from "./post-view";
import { ReportActions } from "./report-actions";
import { BADGE } from "./styles";

const LINK = "inline-flex min-h-11 items-center text-brand underline md:min-h-0";

/** One report with its whole context, as a moderator needs it to decide. */
export function ReportView({ id, initial, problem }: { id: string; initial?: ReportPage; problem: string | null }) {
  const { data, error } = useReport(id, initial);
  if (!data) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">Report {id}</h1>
        {problem ? <Notice tone="bad">{problem}</Notice> : null}
        {error ? <Notice tone="bad">{error.message}</Notice> : null}
      </div>
    );
  }
  const r = data;
  const t = r.target;
  return (
    <MastodonBaseProvider value={r.mastodonBase}>
      <div className="space-y-4">
        <div className="space-y-1">
          <p className="text-sm">
            <a href="/reports" className={LINK}>
              ← Reports
            </a>
          </p>
          <h1 className="break-words text-2xl font-bold">
            Report {r.id} on {t.acct}
          </h1>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className={BADGE}>{categoryLabel(r.category)}</span>
            <span className={BADGE}>{r.resolvedAt ? "resolved" : "unresolved"}</span>
            {r.forwarded ? <span className={BADGE}>forwarded to {t.domain}</span> : null}
            <span className="text-muted">
              received <DateTime at={r.createdAt} />
            </span>
          </div>
          <p className="text-sm">
            {r.resolvedAt ? (
              <>
                Resolved <DateTime at={r.resolvedAt} /> by {r.resolvedBy?.acct ?? "a removed account"}.{" "}
              </>
            ) : null}
            Assigned to {r.assignee ? (r.assignee.id === r.viewerAccountId ? "you" : r.assignee.acct) : "nobody"}.
          </p>
        </div>
        {error ? <Notice tone="warn">Could not refresh the report: {error.message}</Notice> : null}
        <ReportActions reportId={r.id} />

        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <Card title="Reported account">
            <dl className="space-y-1 text-sm">
              <Row label="Account">
                {t.url && /^https?:\/\//.test(t.url) ? (
                  <a href={t.url} target="_blank" rel="nofollow noopener noreferrer" className={LINK}>
                    {t.acct}
                  </a>
                ) : (
                  t.acct
                )}
                {t.displayName ? <span className="text-muted"> ({t.displayName})</span> : null}
              </Row>
              <Row label="Where">{t.domain ? `remote, on ${t.domain}` : "local"}</Row>
              <Row label="Age">
                {accountAge(t.createdAt)} (since <DateTime at={t.createdAt} />)
              </Row>
              <Row label="Posts">{formatCount(t.statuses)}</Row>
              <Row label="Followers">
                {formatCount(t.followers)}, of which {formatCount(t.localFollowers)} here
              </Row>
              <Row label="Standing">{standing(t)}</Row>
            </dl>
          </Card>
          <Card title={r.reporter.domain ? "Reporting server" : "Reporter"}>
            <dl className="space-y-1 text-sm">
              {r.reporter.domain ? <Row label="Server">{r.reporter.domain}</Row> : null}
              <Row label="Account">{r.reporter.acct}</Row>
            </dl>
          </Card>
        </div>

        <Card title="The report">
          <div className="space-y-3 text-sm">
            <p>
              <span className="text-muted">Category: </span>
              {categoryLabel(r.category)}
            </p>
            {r.rules.length > 0 ? (
              <div>
                <p className="text-muted">Rules cited:</p>
                <ul className="list-inside list-disc">
                  {r.rules.map((rule) => (
                    <li key={rule.id} className="break-words">
                      {rule.text}
                      {rule.deleted ? " (deleted since)" : ""}
                      {rule.hint ? <span className="text-muted"> — {rule.hint}</span> : null}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div>
              <p className="text-muted">Comment:</p>
              {r.comment ? (
                <blockquote className="whitespace-pre-wrap break-words border-l-2 border-line pl-3">
                  {r.comment}
                </blockquote>
              ) : (
                <p>none</p>
              )}
            </div>
          </div>
        </Card>

        <Card title={`Reported posts (${formatCount(r.posts.length + r.missingPosts)})`}>
          <div className="space-y-3">
            {r.posts.map((post) => (
              <PostView key={post.id} post={post} />
            ))}
            {r.missingPosts > 0 ? (
              <p className="text-sm text-muted">
                {formatCountOf(r.missingPosts, "reported post")} no longer exist on this server.
              </p>
            ) : null}
            {r.posts.length + r.missingPosts === 0 ? <p className="text-sm text-muted">No posts attached.</p> : null}
            {r.collections > 0 ? (
              <p className="text-sm">
                The report also names {formatCountOf(r.collections, "collection")}:{" "}
                <a className={LINK} href={`${r.mastodonBase}/admin/reports/${r.id}`}>
                  see them on Mastodon
                </a>
                .
              </p>
            ) : null}
          </div>
        </Card>

        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <Card title={`Earlier reports (${formatCount(r.earlierReports.total)})`}>
            {r.earlierReports.rows.length === 0 ? (
              <p className="text-sm text-muted">None.</p>
            ) : (
              <ul className="divide-y divide-line text-sm">
                {r.earlierReports.rows.map((e) => (
                  <li key={e.id} className="py-1">
                    <a className={LINK} href={`/reports/${e.id}`}>
                      Report {e.id}
                    </a>{" "}
                    · {categoryLabel(e.category)} · <DateTime at={e.createdAt} /> ·{" "}
                    {e.resolvedAt ? "resolved" : "unresolved"}
                    {e.comment ? <p className="line-clamp-2 break-words text-muted">{e.comment}</p> : null}
                  </li>
                ))}
              </ul>
            )}
            {r.earlierReports.total > r.earlierReports.rows.length ? (
              <p className="mt-1 text-sm text-muted">The latest {r.earlierReports.rows.length} are listed.</p>
            ) : null}
          </Card>
          <Card title={`Strikes (${formatCount(r.strikes.length)})`}>
            {r.strikes.length === 0 ? (
              <p className="text-sm text-muted">None.</p>
            ) : (
              <ul className="divide-y divide-line text-sm">
                {r.strikes.map((s) => (
                  <li key={s.id} className="py-1">
                    <span className="font-medium">{strikeLabel(s.action)}</span> · <DateTime at={s.createdAt} />
                    {s.by ? ` · by ${s.by.acct}` : ""}
                    {s.reportId ? (
                      <>
                        {" "}
                        ·{" "}
                        <a className={LINK} href={`/reports/${s.reportId}`}>
                          report {s.reportId}
                        </a>
                      </>
                    ) : null}
                    {s.overruledAt ? " · overruled" : ""}
                    {s.text ? <p className="whitespace-pre-wrap break-words text-muted">{s.text}</p> : null}
                    {s.appeal ? (
                      <p className="break-words">
                        Appeal ({s.appeal.state}
                        {s.appeal.decidedAt ? (
                          <>
                            , <DateTime at={s.appeal.decidedAt} />
                          </>
                        ) : null}
                        ): <span className="text-muted">{s.appeal.text}</span>
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>

        <Card title={`Notes (${formatCount(r.notes.length)})`}>
          {r.notes.length === 0 ? (
            <p className="text-sm text-muted">No notes yet.</p>
          ) : (
            <ol className="space-y-2 text-sm" aria-label="Notes">
              {r.notes.map((n) => (
                <li key={n.id} className="rounded-md bg-canvas p-2">
                  <p className="text-muted">
                    {n.author.acct} · <DateTime at={n.createdAt} />
                  </p>
                  <p className="whitespace-pre-wrap break-words">{n.content}</p>
                </li>
              ))}
            </ol>
          )}
        </Card>

        <Card title="History">
          {r.history.length === 0 ? (
            <p className="text-sm text-muted">Nothing has been done yet.</p>
          ) : (
            <ol className="space-y-1 text-sm" aria-label="History">
              {r.history.map((h) => (
                <li key={h.id} className="break-words">
                  <DateTime at={h.createdAt} />: {h.by?.acct ?? "a removed account"}{" "}
                  {historyVerb(h.action, h.targetType)}
                  {h.targetType !== "Report" && h.humanIdentifier ? ` ${h.humanIdentifier}` : ""}
                </li>
              ))}
            </ol>
          )}
          <p className="mt-2 text-sm text-muted">
            As Mastodon&apos;s report page lists it: actions on this report, on the reported account, on the reported
            posts and the strikes for this report.
          </p>
        </Card>
      </div>
    </MastodonBaseProvider>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap gap-x-2">
      <dt className="text-muted">{label}:</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function standing(t: ReportPage["target"]): string {
  const parts: string[] = [];
  if (t.suspendedAt) parts.push(t.suspensionOrigin === "remote" ? "suspended by its own server" : "suspended");
  if (t.silencedAt) parts.push("limited");
  if (t.sensitizedAt) parts.push("media marked sensitive");
  if (t.disabled) parts.push("frozen");
  if (t.memorial) parts.push("memorial");
  return parts.length ? parts.join(", ") : "no limits";
}
