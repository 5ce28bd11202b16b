import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { CARD_LINK } from "@/components/ui/link-styles";
import { Notice } from "@/components/ui/notice";
import type { WhatIfSample } from "@/lib/retention/what-if";
import { formatBytes } from "@/lib/shared/format";

/** The oldest rows a what-if figure counts, each with where to see it on its own server. */
export function WhatIfSampleView({ sample, problem }: { sample: WhatIfSample | null; problem: string | null }) {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">{sample ? sample.label : "What the cleanup would remove"}</h1>
      <div>
        <Link href="/retention" className={CARD_LINK}>
          Back to retention
        </Link>
      </div>
      {problem ? <Notice tone="bad">{problem}</Notice> : null}
      {sample ? (
        <Card
          title={
            sample.days === null
              ? "Oldest first (the orphan pass: older than one day)"
              : `Oldest first, at ${sample.days} day${sample.days === 1 ? "" : "s"}`
          }
        >
          {sample.rows.length === 0 ? (
            <p className="text-sm">Nothing: the next cleanup removes none of these.</p>
          ) : (
            <ol className="flex flex-col text-sm" aria-label="Sample">
              {sample.rows.map((r) => (
                <li key={r.id} className="flex flex-col gap-1 border-t border-line py-2 sm:flex-row sm:gap-3">
                  <span className="shrink-0 text-muted">
                    <DateTime at={r.createdAt} />
                  </span>
                  <span className="min-w-0 break-words">
                    {r.who ?? `#${r.id}`}
                    {r.bytes !== null ? ` · ${formatBytes(r.bytes)}` : ""}
                  </span>
                  {r.url ? (
                    <a
                      href={r.url}
                      rel="noreferrer noopener"
                      target="_blank"
                      className={`${CARD_LINK} min-w-0 break-all`}
                    >
                      {r.url}
                    </a>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          <p className="mt-3 text-sm text-muted">
            At most 20, the lowest ids the vacuum&apos;s own condition selects. Links open the original on its server.
          </p>
        </Card>
      ) : null}
    </div>
  );
}
