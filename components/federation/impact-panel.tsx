"use client";

import { Notice } from "@/components/ui/notice";
import type { BlockImpact } from "@/lib/federation/impact";
import { formatBytes, formatCount, formatCountOf } from "@/lib/shared/format";
import { severityLabel } from "@/lib/shared/domain-blocks";

const SOURCE_LABEL: Record<string, string> = {
  "queue:push": "deliveries waiting to go to it",
  "queue:ingress": "activities from it waiting to be processed",
  retry: "jobs for it waiting to be retried",
  dead: "jobs for it Sidekiq gave up on (dead)",
};

/** What a create, edit or removal will do, in figures, before it is made. */
export function ImpactPanel({ impact }: { impact: BlockImpact }) {
  const a = impact.accounts;
  const m = impact.media;
  const purgedBytes =
    m.purged === "none" ? 0 : m.attachmentBytes + m.profileBytes + (m.purged === "all" ? m.emojiBytes : 0);
  return (
    <section aria-label="Impact" className="space-y-3 rounded-lg border border-line bg-canvas p-3 text-sm">
      <h3 className="text-base font-semibold">
        {impact.action === "remove" ? "What removing the block does" : "What this block does"} to {impact.display}
      </h3>
      {impact.refusal ? <Notice tone="bad">{impact.refusal}</Notice> : null}
      {impact.action === "upgrade" && impact.before ? (
        <Notice tone="info">
          {impact.display} already has a block ({severityLabel(impact.before.severity)}). As in Mastodon, saving changes
          that block in place, comments included.
        </Notice>
      ) : null}
      {impact.parent ? (
        <p>
          Covered today by the block on <b className="break-all">{impact.parent.display}</b> (
          {severityLabel(impact.parent.severity)}).
        </p>
      ) : null}
      {impact.looserSubdomainBlocks.length > 0 ? (
        <Notice tone="warn">
          Less strict blocks on sub-domains stay in force for their hosts, because Mastodon applies the most specific
          block: {impact.looserSubdomainBlocks.map((b) => `${b.display} (${severityLabel(b.severity)})`).join(", ")}.
        </Notice>
      ) : null}

      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 sm:grid-cols-2">
        <Figure label="Accounts on the domain and its sub-domains">
          {formatCount(a.total)}
          {a.onSubdomains > 0 ? ` (${formatCount(a.onSubdomains)} on sub-domains)` : ""}
        </Figure>
        {a.willSuspend > 0 ? (
          <Figure label="Accounts that will be suspended and purged">{formatCount(a.willSuspend)}</Figure>
        ) : null}
        {a.willSilence > 0 ? <Figure label="Accounts that will be limited">{formatCount(a.willSilence)}</Figure> : null}
        {a.willUnsuspend > 0 ? (
          <Figure label="Accounts that will be unsuspended">{formatCount(a.willUnsuspend)}</Figure>
        ) : null}
        {a.willUnsilence > 0 ? (
          <Figure label="Accounts that will be unlimited">{formatCount(a.willUnsilence)}</Figure>
        ) : null}
        {impact.severed ? (
          <Figure label="Follows with local users that will be severed">
            {formatCount(impact.severed.localFollowing)} followed by local users,{" "}
            {formatCount(impact.severed.localFollowers)} following local users (
            {formatCount(impact.severed.localAccounts)} local users)
          </Figure>
        ) : null}
        <Figure label="Cached media that will be purged">
          {m.purged === "none" ? "none" : `${formatBytes(purgedBytes)} (${formatCount(m.attachments)} attachments)`}
        </Figure>
        <Figure label="Open reports involving it">
          {formatCount(impact.reports.openAgainst)} against its accounts, {formatCount(impact.reports.openBy)} from them
        </Figure>
      </dl>
      <p className="text-muted">{m.why}</p>

      {impact.severed && impact.severed.top.length > 0 ? (
        <div>
          <h4 className="font-medium">Local users who lose the most</h4>
          <ul className="mt-1 space-y-1">
            {impact.severed.top.map((u) => (
              <li key={u.accountId} className="flex flex-wrap justify-between gap-x-3 break-all">
                <span>@{u.username}</span>
                <span className="text-muted">
                  {formatCount(u.following)} followed, {formatCount(u.followers)} followers
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div>
        <h4 className="font-medium">Sidekiq work for it</h4>
        {impact.jobs.problem ? (
          <p className="text-muted">Could not be read: {impact.jobs.problem}</p>
        ) : (
          <ul className="mt-1 space-y-1">
            {impact.jobs.counts.map((c) => (
              <li key={c.source}>
                {c.exact ? formatCount(c.matched) : `about ${formatCount(c.estimate)}`} {SOURCE_LABEL[c.source]}
              </li>
            ))}
          </ul>
        )}
      </div>

      {impact.notComingBack ? (
        <Notice tone="warn" title="What does not come back">
          {impact.notComingBack.purgedAccounts > 0 ? (
            <p>
              {formatCountOf(impact.notComingBack.purgedAccounts, "account was", "accounts were")} purged by the
              suspension: their posts, media, profiles (names, bios, avatars) and follows stay deleted; they return
              empty.
            </p>
          ) : null}
          {impact.notComingBack.severedRelationships > 0 ? (
            <p>
              {formatCount(impact.notComingBack.severedRelationships)} severed follow(s) of{" "}
              {formatCount(impact.notComingBack.severedLocalAccounts)} local user(s) are not restored; the users can
              download the list from their settings.
            </p>
          ) : null}
          {impact.notComingBack.stillSuspended > 0 ? (
            <p>
              {formatCountOf(impact.notComingBack.stillSuspended, "account")} suspended for other reasons stay
              suspended.
            </p>
          ) : null}
          {impact.notComingBack.stillSilenced > 0 ? (
            <p>
              {formatCountOf(impact.notComingBack.stillSilenced, "account")} limited for other reasons stay limited.
            </p>
          ) : null}
          <p>Media cleared from the cache is not downloaded again.</p>
        </Notice>
      ) : null}

      <details>
        <summary className="flex min-h-11 cursor-pointer items-center font-medium">
          What Mastodon will do, step by step
        </summary>
        <ol className="ml-5 list-decimal space-y-1">
          {impact.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      </details>
    </section>
  );
}

function Figure({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-muted">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}
