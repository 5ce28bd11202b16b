import type { QueuesSummary } from "@/lib/queues/summary";
import { Ago } from "./ago";
import { ArgsText } from "./args-text";
import { formatCount } from "@/lib/shared/format";

type Process = QueuesSummary["processes"][number];

function ProcessCard({ p }: { p: Process }) {
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
          <ProcessCard key={p.identity} p={p} />
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
