"use client";

import Link from "next/link";
import { CARD_LINK } from "@/components/ui/link-styles";
import { dossierHref } from "@/lib/shared/dossier-href";
import { Notice } from "@/components/ui/notice";
import { useQueueBreakdown } from "@/lib/client/use-queues";
import type { BreakdownRow } from "@/lib/queues/breakdown";
import { formatCount } from "@/lib/shared/format";

function Rows({
  title,
  rows,
  onPick,
  linkHosts = false,
}: {
  title: string;
  rows: BreakdownRow[];
  onPick?: (name: string) => void;
  /** Each row is a server: link it to its dossier. */
  linkHosts?: boolean;
}) {
  if (rows.length === 0) return null;
  const widest = rows[0]!.share || 1;
  return (
    <div className="min-w-0">
      <h3 className="mb-2 text-sm font-semibold">{title}</h3>
      <ol className="space-y-1.5">
        {rows.map((r) => (
          <li key={r.name} className="text-sm">
            <div className="flex items-baseline justify-between gap-2">
              {onPick ? (
                <button
                  type="button"
                  className="min-w-0 truncate text-left text-brand hover:underline"
                  title={`Show only ${r.name}`}
                  onClick={() => onPick(r.name)}
                >
                  {r.name}
                </button>
              ) : linkHosts && !r.name.includes("(") ? (
                <Link href={dossierHref(r.name)} className={`${CARD_LINK} min-w-0 truncate`} title={r.name}>
                  {r.name}
                </Link>
              ) : (
                <span className="min-w-0 truncate" title={r.name}>
                  {r.name}
                </span>
              )}
              <span className="shrink-0 tabular-nums text-muted">
                {Math.round(r.share * 100)}% · ~{formatCount(r.estimate)}
              </span>
            </div>
            <div className="mt-0.5 h-1.5 rounded bg-canvas" aria-hidden>
              <div className="h-1.5 rounded bg-brand" style={{ width: `${Math.max(2, (r.share / widest) * 100)}%` }} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** What a queue or set is made of, from a bounded sample across it. */
export function BreakdownPanel({ source, onPickClass }: { source: string; onPickClass?: (name: string) => void }) {
  const { data, error, isFetching, refetch } = useQueueBreakdown(source);
  return (
    <div className="space-y-3">
      {error ? <Notice tone="warn">{error.message}</Notice> : null}
      {data && data.total === 0 ? <p className="text-sm text-muted">Nothing here right now.</p> : null}
      {data && data.total > 0 ? (
        <>
          <div className="flex flex-wrap items-center gap-x-2 text-xs text-muted">
            <p>
              From {formatCount(data.sampled)} of {formatCount(data.total)} jobs
              {data.sampled < data.total ? ", sampled evenly across the whole list; counts are estimates" : ""}.
            </p>
            <button
              type="button"
              className="text-brand hover:underline disabled:opacity-50"
              disabled={isFetching}
              onClick={() => void refetch()}
            >
              {isFetching ? "Sampling…" : "Sample again"}
            </button>
          </div>
          <div className="grid gap-6 md:grid-cols-2">
            <Rows title="Top job classes" rows={data.classes} onPick={onPickClass} />
            <Rows title="Servers these deliveries go to" rows={data.deliveryHosts} linkHosts />
            <Rows title="Servers these activities come from" rows={data.senderDomains} linkHosts />
          </div>
          {data.senderProblem ? <Notice tone="warn">{data.senderProblem}</Notice> : null}
        </>
      ) : null}
    </div>
  );
}
