"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useProcessSignal } from "@/lib/client/use-queues-jobs";
import type { QueuesSummary } from "@/lib/queues/summary";
import { Ago } from "./ago";
import { ArgsText } from "./args-text";
import { ConfirmButton } from "./confirm-button";
import { formatCount } from "@/lib/shared/format";

type Process = QueuesSummary["processes"][number];

/**
 * Quiet and stop, as Sidekiq's Web UI Busy page offers them: the signal goes
 * onto the process's signal list and its next heartbeat acts on it. Not for
 * an embedded process (Sidekiq 7+ takes no signals for one).
 */
function ProcessActions({ p }: { p: Process }) {
  const signal = useProcessSignal();
  const [result, setResult] = useState<{ tone: "info" | "bad"; text: string } | null>(null);
  const send = (action: "quiet" | "stop") =>
    signal.mutate(
      { identity: p.identity, action },
      {
        onSuccess: (r) => setResult({ tone: "info", text: r.message }),
        onError: (e) => setResult({ tone: "bad", text: e.message }),
      },
    );
  if (p.embedded) return <p className="mt-2 text-xs text-muted">Embedded in another program: it takes no signals.</p>;
  return (
    <div className="mt-2 space-y-2">
      <div className="flex flex-wrap gap-2">
        {!p.quiet ? (
          <ConfirmButton
            label="Quiet"
            confirm="Stop it taking new jobs?"
            busy={signal.isPending}
            onConfirm={() => send("quiet")}
          />
        ) : null}
        <ConfirmButton
          label="Stop"
          confirm="Shut this process down?"
          busy={signal.isPending}
          onConfirm={() => send("stop")}
        />
      </div>
      {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
    </div>
  );
}

function ProcessCard({ p, canManage }: { p: Process; canManage: boolean }) {
  const staleBeat = p.beatAt !== null && Date.now() - p.beatAt > 30_000;
  return (
    <li className="rounded-lg border border-line p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 className="min-w-0 break-all font-semibold">
          {p.hostname}:{p.pid ?? "?"}
          {p.tag ? <span className="ml-2 text-sm font-normal text-muted">{p.tag}</span> : null}
        </h3>
        <span className="text-sm tabular-nums">
          <strong>{p.busy}</strong> of {p.concurrency} threads busy
          {p.quiet ? (
            <span className="ml-2 rounded bg-warn-soft px-1.5 text-xs font-semibold text-warn">quiet</span>
          ) : null}
        </span>
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-muted">Started</dt>
          <dd>
            <Ago ms={p.startedAt} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Last heartbeat</dt>
          <dd className={staleBeat ? "font-semibold text-warn" : undefined}>
            <Ago ms={p.beatAt} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Memory (RSS)</dt>
          <dd>{p.rssKb === null ? "—" : `${formatCount(p.rssKb / 1024)} MB`}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Sidekiq</dt>
          <dd>{p.version ?? "6.x"}</dd>
        </div>
      </dl>
      <p className="mt-2 break-words text-sm">
        <span className="text-xs text-muted">{p.capsules ? "Capsules: " : "Queues: "}</span>
        {p.capsules
          ? p.capsules
              .map((c) => `${c.name} (${c.concurrency} threads: ${Object.keys(c.weights).join(", ")})`)
              .join("; ")
          : p.queues.join(", ") || "—"}
      </p>
      {canManage ? <ProcessActions p={p} /> : null}
      {p.running.length > 0 ? (
        <ul className="mt-3 space-y-2 border-t border-line pt-2" aria-label={`Jobs running on ${p.hostname}`}>
          {p.running.map((r) => (
            <li key={r.thread} className="text-sm">
              <div className="flex flex-wrap gap-x-3">
                <span className="min-w-0 font-medium [overflow-wrap:anywhere]">{r.displayClass}</span>
                <span className="text-muted">{r.queue}</span>
                <span className="text-muted">
                  {r.runAt === null ? (
                    "start time unknown"
                  ) : (
                    <>
                      running since <Ago ms={r.runAt} />
                    </>
                  )}
                </span>
                <span className="font-mono text-xs text-muted">thread {r.thread}</span>
              </div>
              {r.argsText !== null ? <ArgsText text={r.argsText} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Each alive Sidekiq process and what each busy thread runs (args only for view_devops). */
export function ProcessesList({ summary }: { summary: QueuesSummary }) {
  const { processesListed, processesAlive } = summary.totals;
  const dead = processesListed === null || processesAlive === null ? 0 : processesListed - processesAlive;
  return (
    <div className="space-y-3">
      {summary.processes.length === 0 ? (
        <p className="text-sm text-muted">No Sidekiq process is alive: none has sent a heartbeat in the last minute.</p>
      ) : null}
      <ul className="space-y-3">
        {summary.processes.map((p) => (
          <ProcessCard key={p.identity} p={p} canManage={summary.canManageJobs} />
        ))}
      </ul>
      {dead > 0 ? (
        <p className="text-xs text-muted">
          {dead} more {dead === 1 ? "process is" : "processes are"} still listed in Sidekiq's `processes` set but sent
          no heartbeat for over a minute, so {dead === 1 ? "it is" : "they are"} not counted.
        </p>
      ) : null}
      {!summary.canViewJobs && summary.processes.some((p) => p.running.length > 0) ? (
        <p className="text-xs text-muted">
          Job arguments are shown only to roles with Mastodon's view_devops permission.
        </p>
      ) : null}
    </div>
  );
}
