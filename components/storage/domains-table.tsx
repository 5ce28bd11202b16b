"use client";

import Link from "next/link";
import { useState } from "react";
import type { DomainRow } from "@/lib/storage/domains";
import { formatBytes, formatDelta } from "@/lib/shared/bytes";
import { ScrollBox } from "@/components/ui/scroll-box";
import { dossierHref } from "@/lib/shared/dossier-href";

const href = dossierHref;
const parts = (d: DomainRow) =>
  [
    ["attachments", "media"],
    ["avatars", "avatars"],
    ["headers", "headers"],
    ["emoji", "emoji"],
  ]
    .filter(([k]) => (d.byKind[k as keyof DomainRow["byKind"]] ?? 0) > 0)
    .map(([k, label]) => `${label} ${formatBytes(d.byKind[k as keyof DomainRow["byKind"]] ?? 0)}`)
    .join(" · ");

/** How many servers a phone lists before "Show all": the top of the ranking is the answer, the tail is a scroll. */
const PHONE_FIRST = 10;

/** Remote servers ranked by the bytes their accounts' files take here: a table on wide screens, a list on phones. */
export function DomainsTable({ domains }: { domains: DomainRow[] }) {
  const [all, setAll] = useState(false);
  if (domains.length === 0) return <p className="text-sm text-muted">No remote files are stored yet.</p>;
  const listed = all ? domains : domains.slice(0, PHONE_FIRST);
  return (
    <>
      <ol className="space-y-3 sm:hidden" aria-label="Remote servers by cached bytes">
        {listed.map((d, i) => (
          <li key={d.domain} className="rounded-lg border border-line p-3">
            <div className="flex items-center justify-between gap-2">
              <Link
                href={href(d.domain)}
                className="block min-w-0 truncate py-3 leading-5 font-medium text-brand hover:underline"
              >
                {i + 1}. {d.domain}
              </Link>
              <span className="shrink-0 tabular-nums">{formatBytes(d.bytes)}</span>
            </div>
            <p className="mt-1 text-xs text-muted">{parts(d)}</p>
            <p className="mt-1 text-xs text-muted">
              added: {formatDelta(d.added7d)} in 7 days, {formatDelta(d.added30d)} in 30 days
            </p>
          </li>
        ))}
      </ol>
      {listed.length < domains.length ? (
        <button
          type="button"
          onClick={() => setAll(true)}
          className="mt-3 w-full rounded-md border border-line px-3 text-sm text-brand hover:bg-canvas sm:hidden"
        >
          Show all {domains.length} servers
        </button>
      ) : null}
      <ScrollBox label="Remote servers by cached bytes" className="hidden sm:block">
        <table className="w-full text-sm">
          <caption className="sr-only">Remote servers by cached bytes</caption>
          <thead className="text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="py-2 pr-2 font-medium">
                Server
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Cached
              </th>
              <th scope="col" className="px-2 py-2 font-medium">
                Made of
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Added, 7 days
              </th>
              <th scope="col" className="py-2 pl-2 text-right font-medium">
                Added, 30 days
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {domains.map((d) => (
              <tr key={d.domain}>
                <td className="max-w-[16rem] truncate py-2 pr-2">
                  <Link
                    href={href(d.domain)}
                    className="inline-flex min-h-11 items-center font-medium text-brand hover:underline md:min-h-0"
                  >
                    {d.domain}
                  </Link>
                </td>
                <td className="px-2 py-2 text-right tabular-nums">{formatBytes(d.bytes)}</td>
                <td className="px-2 py-2 text-xs text-muted">{parts(d)}</td>
                <td className="px-2 py-2 text-right tabular-nums">{formatDelta(d.added7d)}</td>
                <td className="py-2 pl-2 text-right tabular-nums">{formatDelta(d.added30d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}
