"use client";

import { useState } from "react";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import {
  useFetchSource,
  useRemoveSource,
  useSaveMergeSettings,
  useSubscriptions,
  type SubscriptionsData,
} from "@/lib/client/use-subscriptions";
import { formatCount } from "@/lib/shared/format";
import type { SourceRecord } from "@/lib/store/blocklist-subscriptions";
import { DANGER, PRIMARY, SECONDARY } from "./block-form";
import { ReviewQueue } from "./review-queue";
import { SourceForm } from "./source-form";

const FIELD = "mt-1 block min-h-11 w-full rounded-md border border-line bg-surface px-3 text-base sm:text-sm";
const STATUS: Record<string, string> = { ok: "fetched", not_modified: "unchanged (304)", failed: "failing" };

/** Blocklist subscriptions: the sources and their state, the merge rule, and the review queue. */
export function SubscriptionsView() {
  const { data, error } = useSubscriptions();
  const [editing, setEditing] = useState<SourceRecord | "new" | null>(null);
  const names = new Map((data?.sources ?? []).map((s) => [s.id, s.name]));
  const pending = data ? Object.values(data.counts).reduce((a, b) => a + b, 0) : 0;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Blocklist subscriptions</h1>
        <p className="text-sm text-muted">
          Shared blocklists Howdah follows. Their merged consensus is compared with today&apos;s blocks; the changes
          wait here for review unless a source&apos;s rule applies them. Applied changes are batches, listed and rolled
          back with the imports.
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        <a className={SECONDARY} href="/federation">
          Back to the blocks
        </a>
        <a className={SECONDARY} href="/federation/imports">
          Import and batches
        </a>
      </div>
      {error ? <Notice tone="bad">{error.message}</Notice> : null}
      <Card
        title="Sources"
        action={
          editing === null ? (
            <button type="button" className={PRIMARY} onClick={() => setEditing("new")}>
              Add source
            </button>
          ) : null
        }
      >
        {editing === "new" ? <SourceForm source={null} onDone={() => setEditing(null)} /> : null}
        {data ? (
          <SourceList sources={data.sources} editing={editing} onEdit={setEditing} />
        ) : (
          <p className="text-sm text-muted">Loading…</p>
        )}
      </Card>
      {data ? <MergeCard settings={data.settings} sources={data.sources.length} /> : null}
      <Card title={`Review queue (${formatCount(pending)})`}>
        {data ? <ReviewQueue changes={data.pending} names={names} /> : <p className="text-sm text-muted">Loading…</p>}
      </Card>
    </div>
  );
}

function SourceList({
  sources,
  editing,
  onEdit,
}: {
  sources: SourceRecord[];
  editing: SourceRecord | "new" | null;
  onEdit: (s: SourceRecord | null) => void;
}) {
  const fetchNow = useFetchSource();
  const remove = useRemoveSource();
  const [removing, setRemoving] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (sources.length === 0) return <p className="text-sm text-muted">No subscribed list yet.</p>;
  return (
    <>
      {problem ? <Notice tone="bad">{problem}</Notice> : null}
      <ul className="divide-y divide-line" aria-label="Sources">
        {sources.map((s) => (
          <li key={s.id} className="space-y-1 py-3 text-sm">
            <p className="break-all font-medium">
              {s.name}{" "}
              <span className="font-normal text-muted">
                · {s.kind === "url" ? s.url : `file ${s.fileName ?? ""}`}
                {s.enabled ? "" : " · disabled"}
              </span>
            </p>
            <p className="text-muted">
              {formatCount(s.entryCount)} domains
              {s.malformedCount ? ` (${formatCount(s.malformedCount)} unreadable lines skipped)` : ""}
              {" · last good copy "}
              <DateTime at={s.goodAt} relative unknown="none yet" />
              {s.kind === "url" ? (
                <>
                  {" "}
                  · last fetch <DateTime at={s.lastFetchAt} relative unknown="not yet" />
                  {s.lastStatus ? ` (${STATUS[s.lastStatus] ?? s.lastStatus})` : ""}
                </>
              ) : null}
              {autoRule(s)}
            </p>
            {s.lastStatus === "failed" ? (
              <Notice tone="warn">
                Failing since <DateTime at={s.failingSince} />: {s.lastError}{" "}
                {s.goodAt ? "The last good copy still counts." : "There is no good copy yet."}
              </Notice>
            ) : null}
            {editing !== "new" && editing?.id === s.id ? (
              <SourceForm source={s} onDone={() => onEdit(null)} />
            ) : (
              <div className="flex flex-wrap gap-2">
                <button type="button" className={SECONDARY} onClick={() => onEdit(s)}>
                  Edit
                </button>
                {s.kind === "url" ? (
                  <button
                    type="button"
                    className={SECONDARY}
                    disabled={fetchNow.isPending}
                    onClick={() => fetchNow.mutate({ id: s.id }, { onError: (e) => setProblem(e.message) })}
                  >
                    Fetch now
                  </button>
                ) : null}
                {removing === s.id ? (
                  <button
                    type="button"
                    className={DANGER}
                    onClick={() =>
                      remove.mutate(
                        { id: s.id },
                        { onError: (e) => setProblem(e.message), onSettled: () => setRemoving(null) },
                      )
                    }
                  >
                    Confirm removal
                  </button>
                ) : (
                  <button type="button" className={SECONDARY} onClick={() => setRemoving(s.id)}>
                    Remove
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function autoRule(s: SourceRecord): string {
  const kinds = Object.entries(s.autoApply)
    .filter(([, on]) => on)
    .map(([k]) => (k === "deescalation" ? "de-escalations" : `${k}s`));
  return kinds.length ? ` · applies ${kinds.join(", ")} without review (rule by ${s.autoApplyAcct ?? "?"})` : "";
}

function MergeCard({ settings, sources }: { settings: SubscriptionsData["settings"]; sources: number }) {
  const [kind, setKind] = useState(settings.thresholdKind);
  const [value, setValue] = useState(String(settings.thresholdValue));
  const [rule, setRule] = useState(settings.severityRule);
  const [message, setMessage] = useState<{ tone: "info" | "bad"; text: string } | null>(null);
  const save = useSaveMergeSettings();
  return (
    <Card title="Merge rule">
      <form
        className="space-y-3"
        aria-label="Merge rule"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            { thresholdKind: kind, thresholdValue: Number(value), severityRule: rule },
            {
              onSuccess: () => setMessage({ tone: "info", text: "Saved; the review queue is recomputed." }),
              onError: (err) => setMessage({ tone: "bad", text: err.message }),
            },
          );
        }}
      >
        <div className="grid gap-3 sm:grid-cols-3">
          <label className="block text-sm font-medium">
            A domain counts when listed by
            <select className={FIELD} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="count">at least this many sources</option>
              <option value="share">at least this share of sources (%)</option>
            </select>
          </label>
          <label className="block text-sm font-medium">
            {kind === "count" ? `Sources (of ${sources})` : "Percent"}
            <input
              className={FIELD}
              type="number"
              min={1}
              max={kind === "share" ? 100 : undefined}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          </label>
          <label className="block text-sm font-medium">
            Severity when the lists disagree
            <select className={FIELD} value={rule} onChange={(e) => setRule(e.target.value as typeof rule)}>
              <option value="max">the strictest (max)</option>
              <option value="min">the loosest (min)</option>
              <option value="majority">what most say (majority; a tie: the stricter)</option>
            </select>
          </label>
        </div>
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
        <button type="submit" className={PRIMARY} disabled={save.isPending}>
          Save merge rule
        </button>
      </form>
    </Card>
  );
}
