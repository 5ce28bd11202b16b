"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useJobAction } from "@/lib/client/use-queues-jobs";
import type { JobRow } from "@/lib/queues/jobs";
import { Ago } from "./ago";
import { ArgsText } from "./args-text";
import { ConfirmButton } from "./confirm-button";
import { WholePayload } from "./whole-payload";

const SCORE_LABEL: Record<string, string> = { schedule: "Runs", retry: "Next retry", dead: "Died" };

/** One job: what it is, when, why it failed, its args, and (for view_devops) retry now and delete. */
export function JobCard({ job, source, canManage }: { job: JobRow; source: string; canManage: boolean }) {
  const action = useJobAction();
  const [result, setResult] = useState<{ tone: "info" | "bad"; text: string } | null>(null);
  const isSet = !source.startsWith("queue:");
  const run = (kind: "retry" | "delete") =>
    action.mutate(
      { action: kind, source, id: job.id },
      {
        onSuccess: (r) => setResult({ tone: "info", text: r.message }),
        onError: (e) => setResult({ tone: "bad", text: e.message }),
      },
    );
  const done = result?.tone === "info";
  const actions =
    canManage && !done ? (
      <div className="flex flex-wrap gap-2">
        {isSet ? (
          <ConfirmButton
            label="Retry now"
            confirm="Move it to its queue now?"
            busy={action.isPending}
            onConfirm={() => run("retry")}
          />
        ) : null}
        <ConfirmButton
          label="Delete"
          confirm="Delete this job for good?"
          busy={action.isPending}
          onConfirm={() => run("delete")}
        />
      </div>
    ) : null;
  return (
    <li className="rounded-lg border border-line px-3 py-2.5">
      <div className={`flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between ${done ? "opacity-60" : ""}`}>
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
      {result ? (
        <div className="mt-2">
          <Notice tone={result.tone}>{result.text}</Notice>
        </div>
      ) : null}
    </li>
  );
}
