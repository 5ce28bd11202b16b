"use client";

import Link from "next/link";
import { useState } from "react";
import { Card, Figure } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useStorageDomain } from "@/lib/client/use-storage";
import type { DomainStorage } from "@/lib/storage/domains";
import type { StorageRange } from "@/lib/storage/inputs";
import { KIND_LABELS } from "@/lib/shared/media-kinds";
import { formatBytes, formatDelta } from "@/lib/shared/bytes";
import { DailyBars } from "./daily-charts";
import { formatCount } from "@/lib/shared/format";
import { RangePicker } from "./range-picker";
import { CARD_LINK } from "@/components/ui/link-styles";

/** One remote server: what its accounts' files take here, and how fast that grows. */
export function DomainView({
  domain,
  initial,
  problem,
  embedded = false,
}: {
  domain: string;
  /** Inside the dossier: no back link and no page heading of its own. */
  embedded?: boolean;
  initial: DomainStorage | null;
  problem: string | null;
}) {
  const [range, setRange] = useState<StorageRange>(initial?.range ?? "30d");
  const { data, error } = useStorageDomain(domain, range, initial ?? undefined);
  const back = (
    <Link href="/storage" className={CARD_LINK}>
      ← Storage
    </Link>
  );
  if (problem && !data && embedded) return <Notice tone="bad">{problem}</Notice>;
  if (problem && !data) {
    return (
      <div className="space-y-4">
        {back}
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{domain}</h1>
        <Notice tone="bad">{problem}</Notice>
      </div>
    );
  }
  if (!data) return error ? <Notice tone="bad">{error.message}</Notice> : <p className="text-muted">Loading…</p>;
  const bars = data.days.map((d) => ({ day: d.day, added: d.added }));
  return (
    <div className="space-y-4">
      {embedded ? null : back}
      <div>
        {embedded ? null : <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{data.domain}</h1>}
        <p className="text-sm text-muted">
          Files of this server&apos;s accounts stored here
          {data.rank ? `; number ${data.rank} among remote servers by cached bytes` : ""}.
        </p>
      </div>
      {error ? <Notice tone="warn">Could not refresh: {error.message}</Notice> : null}
      {!data.hasMedia ? (
        <Notice tone="info">Mastodon knows this server, but none of its files are stored here.</Notice>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Cached">
          <Figure
            label="held now"
            value={formatBytes(data.totals.bytes)}
            hint={`${formatCount(data.totals.files)} files · ${formatCount(data.totals.evicted)} evicted`}
          />
        </Card>
        <Card title="7 days">
          <Figure label="added" value={formatDelta(data.totals.added7d)} />
        </Card>
        <Card title="30 days">
          <Figure label="added" value={formatDelta(data.totals.added30d)} />
        </Card>
      </div>
      <Card title="By kind">
        <dl className="divide-y divide-line text-sm">
          {data.kinds.map((k) => (
            <div key={k.kind} className="flex flex-wrap justify-between gap-x-4 py-2">
              <dt className="font-medium">{KIND_LABELS[k.kind]}</dt>
              <dd className="tabular-nums">
                {formatBytes(k.bytes)}{" "}
                <span className="text-muted">
                  · {formatCount(k.files)} files{k.evicted ? ` · ${formatCount(k.evicted)} evicted` : ""}
                </span>
              </dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title="Added per day">
        <div className="mb-4">
          <RangePicker value={range} onChange={setRange} />
        </div>
        <DailyBars
          data={bars}
          series={[{ key: "added", label: "Added" }]}
          label={`Bytes added per day by ${data.domain}`}
        />
      </Card>
    </div>
  );
}
