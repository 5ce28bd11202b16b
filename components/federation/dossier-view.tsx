"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Card, Figure } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { CARD_LINK } from "@/components/ui/link-styles";
import { Notice } from "@/components/ui/notice";
import { DomainView } from "@/components/storage/domain-view";
import type { DomainDossier, HistoryEntry } from "@/lib/federation/dossier";
import { severityLabel } from "@/lib/shared/domain-blocks";
import { formatBytes, formatCount } from "@/lib/shared/format";
import { BlockForm, SECONDARY } from "./block-form";

const JOB_LABEL: Record<string, string> = {
  "queue:push": "deliveries waiting to go to it",
  "queue:ingress": "activities from it waiting to be processed",
  retry: "jobs for it waiting to be retried",
  dead: "jobs for it Sidekiq gave up on (dead)",
};

const through = (blocked: string, dossier: DomainDossier) =>
  blocked === dossier.domain ? "" : ` through the block on ${dossier.covering[0]?.display ?? blocked}`;

const jobCount = (c: DomainDossier["jobs"]["counts"][number]) =>
  c.exact ? formatCount(c.matched) : `about ${formatCount(c.estimate)}`;

const HISTORY_VERB: Record<string, string> = { create: "created", update: "changed", destroy: "removed" };

/** The dossier of one remote server: what we know of it, how our queues treat it, its reports, its blocks. */
export function DossierView({
  domain,
  dossier,
  canManage,
  problem,
}: {
  domain: string;
  dossier: DomainDossier | null;
  canManage: boolean;
  problem: string | null;
}) {
  const back = canManage ? (
    <Link href="/federation" className={CARD_LINK}>
      ← Domain blocks
    </Link>
  ) : (
    <Link href="/storage" className={CARD_LINK}>
      ← Storage
    </Link>
  );
  if (!dossier) {
    return (
      <div className="space-y-4">
        {back}
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{domain}</h1>
        <Notice tone="bad">{problem ?? "Nothing is known of this server."}</Notice>
      </div>
    );
  }
  const f = dossier.figures;
  const applied = dossier.covering[0] ?? null;
  return (
    <div className="space-y-4">
      {back}
      <div>
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{dossier.display}</h1>
        {dossier.display !== dossier.domain ? (
          <p className="text-sm text-muted [overflow-wrap:anywhere]">{dossier.domain}</p>
        ) : null}
        <p className="text-sm">
          {applied ? `${severityLabel(applied.severity)}${through(applied.domain, dossier)}.` : "Not blocked."}
          {dossier.limitedFederationMode ? (dossier.facts.allowed ? " Allowed." : " Not on the allow list.") : ""}
        </p>
      </div>

      <Card title="What we know of it">
        <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
          <Figure
            label="accounts"
            value={formatCount(f.accounts.total)}
            hint={f.accounts.onSubdomains ? `${formatCount(f.accounts.onSubdomains)} on sub-domains` : undefined}
          />
          <Figure label="local accounts following them" value={formatCount(f.follows.localFollowing)} />
          <Figure label="their follows of local accounts" value={formatCount(f.follows.localFollowers)} />
          <Figure label="statuses stored here" value={formatCount(dossier.facts.statuses)} />
          <Figure label="cached media" value={formatBytes(dossier.storage.totals.bytes)} />
          <Figure label="suspended accounts" value={formatCount(f.accounts.suspended)} />
        </div>
        <CountedAt at={dossier.countedAt} />
      </Card>

      <Card title="Storage">
        <DomainView domain={dossier.domain} initial={dossier.storage} problem={null} embedded />
      </Card>

      <Card title="In our queues">
        {dossier.jobs.problem ? <Notice tone="warn">{dossier.jobs.problem}</Notice> : null}
        <ul className="space-y-1 text-sm">
          {dossier.jobs.counts.map((c) => (
            <li key={c.source}>
              <b className="tabular-nums">{jobCount(c)}</b> {JOB_LABEL[c.source]}
            </li>
          ))}
        </ul>
      </Card>

      <Card title="Reports involving it">
        <p className="text-sm">
          {formatCount(dossier.facts.reports.total)} reports by or against its accounts,{" "}
          {formatCount(dossier.facts.reports.open)} open.
        </p>
        {dossier.facts.reports.recent.length ? (
          <ul className="mt-2 divide-y divide-line text-sm">
            {dossier.facts.reports.recent.map((r) => (
              <li key={r.id} className="py-2 [overflow-wrap:anywhere]">
                #{r.id} · {r.by} reported {r.against} · <DateTime at={r.createdAt} /> · {r.open ? "open" : "resolved"}
              </li>
            ))}
          </ul>
        ) : null}
      </Card>

      {canManage ? <BlockSection dossier={dossier} /> : null}
      {canManage ? <History entries={dossier.history} /> : null}
    </div>
  );
}

/** A large server's counts come from the worker's last count: say when that was (its reports too). */
function CountedAt({ at }: { at: Date | null }) {
  if (!at) return null;
  return (
    <p className="mt-3 text-sm text-muted">
      Accounts, follows, statuses and reports as counted <DateTime at={at} relative />: the worker recounts the busiest
      servers every 15 minutes.
    </p>
  );
}

function BlockSection({ dossier }: { dossier: DomainDossier }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const own = dossier.ownBlock;
  return (
    <Card title="Block">
      {dossier.covering.length ? (
        <ul className="mb-3 space-y-1 text-sm">
          {dossier.covering.map((b, i) => (
            <li key={b.id} className="[overflow-wrap:anywhere]">
              {severityLabel(b.severity)} on <b>{b.display}</b>
              {b.rejectMedia ? " · rejects media" : ""}
              {b.rejectReports ? " · rejects reports" : ""}
              {i === 0 ? " (the block Mastodon applies)" : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-3 text-sm">No block covers this server.</p>
      )}
      {message ? <Notice tone="info">{message}</Notice> : null}
      {open ? (
        <BlockForm
          block={own ?? undefined}
          initialDomain={dossier.domain}
          onDone={(m) => {
            setOpen(false);
            setMessage(m);
            router.refresh();
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <button type="button" className={SECONDARY} onClick={() => setOpen(true)}>
          {own ? `Edit the block on ${dossier.display}` : `Block ${dossier.display}`}
        </button>
      )}
    </Card>
  );
}

function History({ entries }: { entries: HistoryEntry[] }) {
  return (
    <Card title="Block history">
      {entries.length === 0 ? (
        <p className="text-sm text-muted">No block or allow of this exact domain was ever logged.</p>
      ) : (
        <ol className="divide-y divide-line text-sm">
          {entries.map((e, i) => (
            <li key={i} className="py-2 [overflow-wrap:anywhere]">
              <DateTime at={e.at} /> · {e.target === "allow" ? "Allow" : "Block"} {HISTORY_VERB[e.action] ?? e.action}
              {e.actor ? ` by ${e.actor}` : ""}
              {e.batch ? (
                <>
                  {" "}
                  in{" "}
                  <Link href="/federation/imports" className="text-brand hover:underline">
                    batch #{e.batch.id}
                  </Link>{" "}
                  ({e.batch.source}
                  {e.batch.sourceRef ? `: ${e.batch.sourceRef}` : ""})
                </>
              ) : (
                " (outside Howdah, or before it kept batches)"
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
