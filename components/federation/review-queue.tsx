"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useBlockImpact } from "@/lib/client/use-domain-blocks";
import { useApplyChanges, useDismissChanges } from "@/lib/client/use-subscriptions";
import { formatCount } from "@/lib/shared/format";
import type { ChangeRecord } from "@/lib/store/blocklist-subscriptions";
import { DANGER, PRIMARY, SECONDARY } from "./block-form";
import { ImpactPanel } from "./impact-panel";

const KIND_LABEL: Record<string, string> = {
  addition: "Addition",
  escalation: "Escalation",
  deescalation: "De-escalation",
  retraction: "Retraction",
};

interface Policy {
  severity?: string | null;
  rejectMedia?: boolean;
  rejectReports?: boolean;
  id?: string;
}
const policy = (p: Policy | null) =>
  p
    ? [p.severity ?? "no severity", p.rejectMedia && "reject media", p.rejectReports && "reject reports"]
        .filter(Boolean)
        .join(", ")
    : "no block";

/** The changes the merged lists ask for: tick rows, see each one's impact, apply or dismiss them. */
export function ReviewQueue({ changes, names }: { changes: ChangeRecord[]; names: Map<string, string> }) {
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ tone: "info" | "bad"; text: string } | null>(null);
  const apply = useApplyChanges();
  const dismiss = useDismissChanges();
  const chosen = changes.filter((c) => ticked.has(c.id));
  const severed = chosen.reduce((n, c) => n + c.severs, 0);
  const toggle = (id: string, on: boolean) =>
    setTicked((t) => {
      const next = new Set(t);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const done = (text: string) => {
    setTicked(new Set());
    setConfirming(false);
    setMessage({ tone: "info", text });
  };

  if (changes.length === 0) {
    return (
      <>
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
        <p className="text-sm text-muted">Nothing to review: today&apos;s blocks agree with the subscribed lists.</p>
      </>
    );
  }
  return (
    <div className="space-y-3">
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={SECONDARY}
          onClick={() => setTicked(chosen.length === changes.length ? new Set() : new Set(changes.map((c) => c.id)))}
        >
          {chosen.length === changes.length ? "Choose none" : "Choose all"}
        </button>
        <button type="button" className={PRIMARY} disabled={chosen.length === 0} onClick={() => setConfirming(true)}>
          Apply {formatCount(chosen.length)} chosen
        </button>
        <button
          type="button"
          className={SECONDARY}
          disabled={chosen.length === 0 || dismiss.isPending}
          onClick={() =>
            dismiss.mutate(
              { ids: chosen.map((c) => c.id) },
              {
                onSuccess: (r) => done(`${formatCount(r.dismissed)} change(s) dismissed.`),
                onError: (e) => setMessage({ tone: "bad", text: e.message }),
              },
            )
          }
        >
          Dismiss chosen
        </button>
      </div>
      {confirming ? (
        <Notice tone="warn" title="Apply these changes?">
          <p>
            {formatCount(chosen.length)} change(s) become one batch (source: subscription), written in the background as
            Mastodon&apos;s form would write them; the batch can be rolled back from the imports page.
            {severed > 0
              ? ` The suspensions among them sever ${formatCount(severed)} follows with local accounts.`
              : ""}
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              className={DANGER}
              disabled={apply.isPending}
              onClick={() =>
                apply.mutate(
                  { ids: chosen.map((c) => c.id) },
                  {
                    onSuccess: (r) =>
                      done(`${formatCount(r.applied)} change(s) handed to the worker as batch #${r.batchId}.`),
                    onError: (e) => setMessage({ tone: "bad", text: e.message }),
                  },
                )
              }
            >
              Apply now
            </button>
            <button type="button" className={SECONDARY} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </Notice>
      ) : null}
      <ul className="divide-y divide-line" aria-label="Changes to review">
        {changes.map((c) => (
          <li key={c.id} className="py-2 text-sm">
            <div className="flex items-start gap-3">
              <label className="-my-2 flex min-h-11 min-w-11 items-center justify-center">
                <input
                  type="checkbox"
                  className="h-5 w-5"
                  aria-label={`Choose ${c.domain}`}
                  checked={ticked.has(c.id)}
                  onChange={(e) => toggle(c.id, e.target.checked)}
                />
              </label>
              <div className="min-w-0 flex-1">
                <p className="break-all font-medium">
                  {c.domain} <span className="font-normal text-muted">· {KIND_LABEL[c.kind] ?? c.kind}</span>
                  {c.severs > 0 ? (
                    <span className="ml-2 rounded bg-amber-100 px-1 text-ink">
                      severs {formatCount(c.severs)} follows
                    </span>
                  ) : null}
                </p>
                <p className="text-muted">
                  Today: {policy(c.current as Policy | null)} →{" "}
                  {c.kind === "retraction" ? "removed" : policy(c.fields as Policy | null)}
                  {c.sourceIds.length
                    ? ` · listed by ${c.sourceIds.map((id) => names.get(id) ?? `#${id}`).join(", ")}`
                    : ""}
                </p>
                {c.note ? <p className="break-words text-muted">{c.note}</p> : null}
                <button
                  type="button"
                  className={`${SECONDARY} mt-1`}
                  aria-expanded={open === c.id}
                  onClick={() => setOpen(open === c.id ? null : c.id)}
                >
                  {open === c.id ? "Hide impact" : "Impact"}
                </button>
                {open === c.id ? <ChangeImpact change={c} /> : null}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The block form's own impact preview, for what this change would write. */
function ChangeImpact({ change }: { change: ChangeRecord }) {
  const fields = (change.fields ?? {}) as Policy;
  const current = change.current as Policy | null;
  const params: Record<string, string> =
    change.kind === "retraction"
      ? { kind: "remove", id: String(current?.id ?? "") }
      : current?.id && change.kind === "deescalation"
        ? { kind: "update", id: String(current.id), ...flags(fields) }
        : { kind: "create", domain: change.domain, ...flags(fields) };
  const { data, error } = useBlockImpact(params);
  if (error) return <Notice tone="warn">{error.message}</Notice>;
  if (!data) return <p className="text-muted">Reading the impact…</p>;
  return (
    <div className="mt-2">
      <ImpactPanel impact={data} />
    </div>
  );
}

const flags = (f: Policy) => ({
  severity: String(f.severity ?? "silence"),
  rejectMedia: String(Boolean(f.rejectMedia)),
  rejectReports: String(Boolean(f.rejectReports)),
});
