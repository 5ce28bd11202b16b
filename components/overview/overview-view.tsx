"use client";

import { useOverview, type OverviewData } from "@/lib/client/use-overview";
import { formatCount } from "@/lib/shared/format";
import { FIGURES } from "@/lib/shared/figure-labels";
import Link from "next/link";
import { Card, Figure } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { StatusDot } from "@/components/ui/status-dot";
import { QueuesTile } from "@/components/queues/queues-tile";
import { StorageTile } from "@/components/storage/storage-tile";
import { RelaysTile } from "@/components/relays/relays-tile";
import { FederationTile } from "@/components/federation/federation-tile";
import { ActionRequiredCard } from "./action-required-card";
import { SoftwareCard } from "./software-card";
import { CARD_LINK } from "@/components/ui/link-styles";

/** The overview: the instance, its health, and a tile per area. */
export function OverviewView({ initial }: { initial?: OverviewData }) {
  const { data, error } = useOverview(initial);
  if (!data) return error ? <Notice tone="bad">{error.message}</Notice> : <p className="text-muted">Loading…</p>;
  const { instance, version, counts } = data;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">{instance.domain}</h1>
        <p className="text-sm text-muted">
          {version?.release ? `Mastodon ${version.release}` : "Mastodon (version unknown)"}
          {version ? ` · schema ${version.schemaVersion}` : ""}
          {instance.limitedFederationMode ? " · limited federation mode" : ""}
        </p>
      </div>
      {error ? <Notice tone="warn">Could not refresh: {error.message}</Notice> : null}
      {data.versionProblem ? (
        <Notice tone="bad" title="Mastodon's database">
          {data.versionProblem}
        </Notice>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        <Card
          title="Community"
          action={
            <a href={`${data.links.mastodon}/admin/accounts`} className={CARD_LINK}>
              Accounts on Mastodon
            </a>
          }
        >
          {counts ? (
            <div className="grid grid-cols-2 gap-4">
              <Figure label="Users" value={formatCount(counts.userCount)} hint="confirmed, not suspended" />
              <Figure
                label={FIGURES.activeUsers30d.label}
                counts={FIGURES.activeUsers30d.counts}
                value={formatCount(counts.activeUsers30d)}
                hint="Mastodon's login tracker"
              />
              <Figure label="Remote accounts" value={formatCount(counts.remoteAccounts)} />
              <Figure label="Known servers" value={formatCount(counts.knownDomains)} />
            </div>
          ) : (
            <p className="text-sm text-muted">{data.countsProblem ?? "No figures yet."}</p>
          )}
          {counts ? (
            <p className="mt-3 text-xs text-muted">
              Counted <DateTime at={counts.takenAt} />
            </p>
          ) : null}
        </Card>
        {data.actionRequired || data.actionRequiredProblem ? (
          <ActionRequiredCard items={data.actionRequired} problem={data.actionRequiredProblem} />
        ) : null}
        {data.queues || data.queuesProblem ? <QueuesTile tile={data.queues} problem={data.queuesProblem} /> : null}
        {data.storage || data.storageProblem ? (
          <StorageTile tile={data.storage} problem={data.storageProblem} canOpenRetention={data.links.retention} />
        ) : null}
        {data.relays || data.relaysProblem ? <RelaysTile tile={data.relays} problem={data.relaysProblem} /> : null}
        {data.federation || data.federationProblem ? (
          <FederationTile tile={data.federation} problem={data.federationProblem} />
        ) : null}
        <Card
          title="Services"
          action={
            data.links.system ? (
              <Link href="/system" className={CARD_LINK}>
                View system
              </Link>
            ) : null
          }
        >
          <ul className="space-y-2 text-sm" aria-label="Service health">
            {data.health.map(({ name, health }) => (
              <li key={name} className="flex items-center justify-between gap-2">
                <StatusDot tone={health.ok ? "ok" : "bad"} label={name} />
                <span className="text-right text-muted">{health.ok ? `${health.latencyMs} ms` : health.problem}</span>
              </li>
            ))}
          </ul>
        </Card>
        {data.software ? <SoftwareCard software={data.software} /> : null}
      </div>
    </div>
  );
}
