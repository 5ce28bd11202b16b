import Link from "next/link";
import { Card, Figure } from "@/components/ui/card";
import { StatusDot } from "@/components/ui/status-dot";
import type { QueuesTile as Tile } from "@/lib/queues/tile";
import { formatCount, formatDuration } from "@/lib/shared/format";
import { FIGURES } from "@/lib/shared/figure-labels";

const jobsHref = (source: string) => `/queues/jobs?source=${encodeURIComponent(source)}`;

/** Where an alert is looked into: the late queue's jobs, the growing set, or the Queues page. */
export function alertHref(alert: Pick<Tile["alerts"][number], "kind" | "queue">): string {
  if (alert.kind === "latency" && alert.queue) return jobsHref(`queue:${alert.queue}`);
  if (alert.kind === "retry_growth") return jobsHref("retry");
  if (alert.kind === "dead_growth") return jobsHref("dead");
  return "/queues";
}

/** The overview's Queues tile: backlog at a glance, and any active alerts. */
export function QueuesTile({ tile, problem }: { tile: Tile | null; problem: string | null }) {
  const latest = tile?.latest ?? null;
  const alerts = tile?.alerts ?? [];
  return (
    <Card
      title="Queues"
      action={
        <Link
          href="/queues"
          className="inline-flex min-h-11 items-center text-sm text-brand hover:underline md:min-h-0"
        >
          View queues
        </Link>
      }
    >
      {problem ? <p className="text-sm text-muted">{problem}</p> : null}
      {latest ? (
        <div className="grid grid-cols-2 gap-4">
          <Figure
            label={FIGURES.jobsWaiting.label}
            counts={FIGURES.jobsWaiting.counts}
            value={formatCount(latest.enqueued)}
            hint={
              latest.worst ? `oldest ${formatDuration(latest.worst.latency)} (${latest.worst.queue})` : "queues empty"
            }
          />
          <Figure
            label="Busy threads"
            value={`${formatCount(latest.busy)} / ${formatCount(latest.concurrency)}`}
            hint={`${formatCount(latest.processes)} ${latest.processes === 1 ? "process" : "processes"}`}
          />
          <Link
            href={jobsHref("retry")}
            className="hover:underline"
            aria-label={`Retries: ${formatCount(latest.retries)}`}
          >
            <Figure label="Retries" value={formatCount(latest.retries)} />
          </Link>
          <Link href={jobsHref("dead")} className="hover:underline" aria-label={`Dead: ${formatCount(latest.dead)}`}>
            <Figure label="Dead" value={formatCount(latest.dead)} />
          </Link>
        </div>
      ) : tile ? (
        <p className="text-sm text-muted">No Sidekiq sample in the last two minutes: is Howdah's worker running?</p>
      ) : null}
      {tile ? (
        <ul className="mt-3 space-y-1 text-sm" aria-label="Queue alerts">
          {alerts.length === 0 ? (
            <li>
              <StatusDot tone="ok" label="No backlog alerts" />
            </li>
          ) : (
            alerts.map((a) => (
              <li key={a.id} className="flex gap-2">
                <span className="shrink-0">
                  <StatusDot
                    tone={a.severity === "critical" ? "bad" : "warn"}
                    label={a.severity === "critical" ? "Critical" : "Warning"}
                  />
                </span>
                <Link href={alertHref(a)} className="min-w-0 break-words text-brand hover:underline" title={a.message}>
                  {a.title}
                </Link>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </Card>
  );
}
