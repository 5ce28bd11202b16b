import Link from "next/link";
import type { QueuesSummary } from "@/lib/queues/summary";
import { formatCount, formatDuration } from "@/lib/shared/format";
import { ScrollBox } from "@/components/ui/scroll-box";

const jobsHref = (source: string) => `/queues/jobs?source=${encodeURIComponent(source)}`;

function LatencyCell({ latency, threshold, size }: { latency: number | null; threshold: number; size: number | null }) {
  if (latency === null || size === null) return <span className="text-muted">unknown</span>;
  const over = size > 0 && latency > threshold;
  return (
    <span className={over ? "font-semibold text-bad" : undefined}>
      {size > 0 ? formatDuration(latency) : "—"}
      {over ? <span className="sr-only"> (over the {formatDuration(threshold)} alert threshold)</span> : null}
    </span>
  );
}

/** Every queue of the `queues` set, then the three sorted sets; each row opens its jobs. */
export function QueueTable({ summary }: { summary: QueuesSummary }) {
  const sets = [
    { source: "schedule", label: "Scheduled", size: summary.totals.scheduled },
    { source: "retry", label: "Retries", size: summary.totals.retries },
    { source: "dead", label: "Dead", size: summary.totals.dead },
  ];
  const th = "px-2 py-2 text-left sm:px-3 text-xs font-semibold uppercase tracking-wide text-muted";
  const td = "px-2 py-2 tabular-nums sm:px-3";
  return (
    <ScrollBox label="Sidekiq queues">
      <table className="w-full text-sm">
        <caption className="sr-only">Sidekiq queues</caption>
        <thead className="border-b border-line">
          <tr>
            <th scope="col" className={th}>
              Queue
            </th>
            <th scope="col" className={`${th} text-right`}>
              Jobs
            </th>
            <th scope="col" className={`${th} text-right`}>
              Latency
            </th>
            <th scope="col" className={`${th} text-right`}>
              Busy
            </th>
            <th scope="col" className={`${th} hidden text-right sm:table-cell`}>
              Alert above
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {summary.queues.length === 0 ? (
            <tr>
              <td colSpan={5} className="px-3 py-3 text-muted">
                Sidekiq has no queues yet: its `queues` set is empty.
              </td>
            </tr>
          ) : null}
          {summary.queues.map((q) => (
            <tr key={q.name} className="hover:bg-canvas">
              <th scope="row" className="px-2 py-2 text-left font-medium sm:px-3">
                <Link
                  href={jobsHref(`queue:${q.name}`)}
                  className="inline-flex min-h-11 min-w-11 items-center text-brand hover:underline md:min-h-0"
                >
                  {q.name}
                </Link>
              </th>
              <td className={`${td} text-right`}>{formatCount(q.size)}</td>
              <td className={`${td} text-right`}>
                <LatencyCell latency={q.latency} threshold={q.threshold} size={q.size} />
              </td>
              <td className={`${td} text-right`}>{q.busy}</td>
              <td className={`${td} hidden text-right text-muted sm:table-cell`}>{formatDuration(q.threshold)}</td>
            </tr>
          ))}
        </tbody>
        <tbody className="border-t-2 border-line">
          {sets.map((s) => (
            <tr key={s.source} className="hover:bg-canvas">
              <th scope="row" className="px-2 py-2 text-left font-medium sm:px-3">
                <Link
                  href={jobsHref(s.source)}
                  className="inline-flex min-h-11 min-w-11 items-center text-brand hover:underline md:min-h-0"
                >
                  {s.label}
                </Link>
              </th>
              <td className={`${td} text-right`}>{formatCount(s.size)}</td>
              <td className={td} colSpan={3} />
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
