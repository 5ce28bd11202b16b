"use client";

import type { JobRow } from "@/lib/queues/jobs";
import { isDue, jobActionsFor, type JobActionName } from "@/lib/shared/job-actions";
import { Ago } from "./ago";
import { ArgsText } from "./args-text";
import { ConfirmButton } from "./confirm-button";
import { WholePayload } from "./whole-payload";

const SCORE_LABEL: Record<string, string> = { schedule: "Runs", retry: "Next retry", dead: "Died" };

export type ActionResult = { tone: "info" | "bad"; text: string };

/**
 * One job: what it is, when, why it failed, its args, and (for view_devops)
 * the actions Sidekiq's Web UI offers on its list, plus a box to pick it for
 * an action on several. A retry or scheduled job whose time has come offers
 * no "now": Sidekiq is already moving it. The list runs the action (`onAction`)
 * and tells its result, since the card leaves the list once its job has moved.
 */
export function JobCard({
  job,
  source,
  canManage,
  now,
  selected,
  onSelect,
  onAction,
  busy,
}: {
  job: JobRow;
  source: string;
  canManage: boolean;
  /** The page's clock, ticking, so "due" follows time between refreshes. */
  now: number;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onAction: (action: JobActionName) => void;
  /** An action on this job is under way. */
  busy: boolean;
}) {
  const isSet = !source.startsWith("queue:");
  const due = isDue(source, job.scoreMs, now);
  const offered = jobActionsFor(source).filter((a) => !(due && a.enqueues));
  const actions = canManage ? (
    <div className="flex flex-wrap gap-2">
      {offered.map((a) => (
        <ConfirmButton
          key={a.action}
          label={a.label}
          confirm={a.confirmOne}
          busy={busy}
          onConfirm={() => onAction(a.action)}
        />
      ))}
    </div>
  ) : null;
  const title = `${job.className} ${job.jid ?? ""}`.trim();
  return (
    <li className="rounded-lg border border-line px-3 py-2.5">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 items-start gap-2">
          {canManage ? (
            <input
              type="checkbox"
              className="mt-1 h-5 w-5 shrink-0"
              checked={selected}
              onChange={(e) => onSelect(e.target.checked)}
              aria-label={`Pick ${title}`}
            />
          ) : null}
          <div className="min-w-0">
            <h3 className="break-all font-semibold">
              {job.className}
              <span className="ml-2 font-mono text-xs font-normal text-muted">
                #{(job.position + 1).toLocaleString("en")} · {job.jid ?? "no jid"}
              </span>
            </h3>
            <dl className="flex flex-wrap gap-x-5 gap-y-0.5 text-sm">
              {job.queue ? (
                <div>
                  <dt className="inline text-muted">Queue </dt>
                  <dd className="inline">{job.queue}</dd>
                </div>
              ) : null}
              {job.scoreMs !== null ? (
                <div>
                  <dt className="inline text-muted">{SCORE_LABEL[source] ?? "At"} </dt>
                  <dd className="inline">
                    <Ago ms={job.scoreMs} />
                    {due ? (
                      <span className="ml-1 font-medium text-warn">· due: Sidekiq is moving it to its queue</span>
                    ) : null}
                  </dd>
                </div>
              ) : null}
              {!isSet ? (
                <div>
                  <dt className="inline text-muted">Enqueued </dt>
                  <dd className="inline">
                    <Ago ms={job.enqueuedAt ?? job.createdAt} />
                  </dd>
                </div>
              ) : null}
              {job.failedAt !== null ? (
                <div>
                  <dt className="inline text-muted">Failed first </dt>
                  <dd className="inline">
                    <Ago ms={job.failedAt} />
                  </dd>
                </div>
              ) : null}
              {job.retryCount !== null ? (
                <div>
                  <dt className="inline text-muted">Retries </dt>
                  <dd className="inline">{job.retryCount}</dd>
                </div>
              ) : null}
            </dl>
          </div>
        </div>
        {actions}
      </div>
      {job.errorClass || job.errorMessage ? (
        <p className="mt-1 break-words text-sm text-bad">
          <span className="font-medium">{job.errorClass}</span>
          {job.errorMessage ? `: ${job.errorMessage}` : null}
        </p>
      ) : null}
      <div className="mt-1.5">
        <ArgsText text={job.args} truncatedByServer={job.argsTruncated} />
        {job.argsTruncated ? <WholePayload source={source} job={job} /> : null}
      </div>
    </li>
  );
}
