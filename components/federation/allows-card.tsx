"use client";

import Link from "next/link";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useAllowRemoval, useCreateAllow, useDomainAllows, useRemoveAllow } from "@/lib/client/use-domain-allows";
import { dossierHref } from "@/lib/shared/dossier-href";
import { DANGER, PRIMARY, SECONDARY } from "./block-form";

const FIELD = "min-h-11 w-full rounded-md border border-line bg-surface px-3 py-2 text-base sm:text-sm";
const CONFIRM_BOX =
  "flex min-h-11 cursor-pointer items-start gap-3 rounded-md border border-bad/40 bg-bad-soft p-3 text-sm";

/**
 * Domain allows, shown only in limited federation mode (where they decide who
 * federates). Removing one there makes Mastodon delete the domain's accounts
 * and the reports by or against them: the confirmation says so, with counts.
 */
export function AllowsCard({ writable }: { writable: boolean }) {
  const { data, error } = useDomainAllows(true);
  const [domain, setDomain] = useState("");
  const [flash, setFlash] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const create = useCreateAllow();
  return (
    <Card title="Allowed servers">
      <div className="space-y-3">
        <p className="text-sm text-muted">
          In limited federation mode this server federates only with these domains (each exactly: a sub-domain needs its
          own allow).
        </p>
        {error ? <Notice tone="warn">{error.message}</Notice> : null}
        {flash ? <Notice tone="info">{flash}</Notice> : null}
        {problem ? <Notice tone="bad">{problem}</Notice> : null}
        {writable ? (
          <form
            className="flex flex-wrap items-end gap-2"
            aria-label="Allow a domain"
            onSubmit={(e) => {
              e.preventDefault();
              setProblem(null);
              create.mutate(
                { domain },
                {
                  onSuccess: (r) => (setFlash(r.message), setDomain("")),
                  onError: (err) => setProblem(err.message),
                },
              );
            }}
          >
            <label className="block min-w-0 flex-1 text-sm font-medium">
              Domain to allow
              <input
                className={`mt-1 ${FIELD}`}
                value={domain}
                onChange={(e) => setDomain(e.target.value)}
                autoCapitalize="none"
                spellCheck={false}
                inputMode="url"
                placeholder="example.com"
                required
              />
            </label>
            <button type="submit" className={PRIMARY} disabled={create.isPending || !domain.trim()}>
              {create.isPending ? "Allowing…" : "Allow"}
            </button>
          </form>
        ) : null}
        <ul className="divide-y divide-line" aria-label="Allowed domains">
          {data?.rows.map((a) => (
            <li key={a.id} className="py-2 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <Link href={dossierHref(a.domain)} className="inline-flex min-h-11 items-center break-all text-brand">
                  {a.display}
                </Link>
                {writable && removing !== a.id ? (
                  <button type="button" className={SECONDARY} onClick={() => setRemoving(a.id)}>
                    Remove the allow on {a.display}
                  </button>
                ) : null}
              </div>
              {removing === a.id ? (
                <RemoveAllow
                  id={a.id}
                  onDone={(message) => (setRemoving(null), setFlash(message))}
                  onCancel={() => setRemoving(null)}
                />
              ) : null}
            </li>
          ))}
          {data && data.rows.length === 0 ? <li className="py-2 text-sm text-muted">No domain is allowed.</li> : null}
        </ul>
      </div>
    </Card>
  );
}

function RemoveAllow({ id, onDone, onCancel }: { id: string; onDone: (m: string) => void; onCancel: () => void }) {
  const preview = useAllowRemoval(id);
  const remove = useRemoveAllow();
  const [understood, setUnderstood] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (preview.error) return <Notice tone="bad">{preview.error.message}</Notice>;
  if (!preview.data) return <p className="text-sm text-muted">Counting what the removal destroys…</p>;
  const p = preview.data;
  return (
    <div className="mt-2 space-y-2" aria-label={`Remove the allow on ${p.allow.display}`}>
      <Notice tone={p.limitedFederationMode ? "bad" : "info"}>{p.warning}</Notice>
      {p.limitedFederationMode ? (
        <label className={CONFIRM_BOX}>
          <input
            type="checkbox"
            className="mt-0.5 h-5 w-5 shrink-0"
            checked={understood}
            onChange={(e) => setUnderstood(e.target.checked)}
          />
          <span>
            I understand that {p.accounts.toLocaleString("en")} accounts and {p.reports.toLocaleString("en")} reports
            will be deleted.
          </span>
        </label>
      ) : null}
      {problem ? <Notice tone="bad">{problem}</Notice> : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={DANGER}
          disabled={remove.isPending || (p.limitedFederationMode && !understood)}
          // The promise, not mutate's callbacks: the removal's refetch can drop this item (and unmount
          // this form) before per-call callbacks run, and React Query skips them then, losing the message.
          onClick={() =>
            remove.mutateAsync({ id, confirmed: understood }).then(
              (r) => onDone(r.message),
              (e: Error) => setProblem(e.message),
            )
          }
        >
          {remove.isPending ? "Removing…" : `Remove the allow on ${p.allow.display}`}
        </button>
        <button type="button" className={SECONDARY} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
