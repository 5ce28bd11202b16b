"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useQueueAlerts, useQueuesSummary, useSaveAlertSettings } from "@/lib/client/use-queues";
import type { AlertsView } from "@/lib/queues/alerts-view";
import { durationText } from "@/lib/shared/duration";
import { formatDuration } from "@/lib/shared/format";

const GROWTH_FIELDS = [
  ["retryGrowth", "Retry set grows by at least", "jobs"],
  ["retryWindowMinutes", "…within", "minutes"],
  ["deadGrowth", "Dead set grows by at least", "jobs"],
  ["deadWindowMinutes", "…within", "minutes"],
] as const;
type GrowthKey = (typeof GROWTH_FIELDS)[number][0];

const QUEUE_ROLE: Record<string, string> = {
  default: "home timelines, notifications",
  push: "deliveries to other servers",
  ingress: "activities from other servers",
  mailers: "e-mails",
  pull: "link previews, media, thread fetches",
  scheduler: "Mastodon's periodic jobs",
  fasp: "fediverse auxiliary services",
};

function queueNames(view: AlertsView, live: string[]): string[] {
  return [...new Set([...Object.keys(view.defaults.thresholds), ...Object.keys(view.settings.overrides), ...live])];
}

/** Per-queue latency thresholds and growth alerts; saved in Howdah's store, effective at once. */
export function AlertSettingsView({ canEdit }: { canEdit: boolean }) {
  const { data, error } = useQueueAlerts();
  const summary = useQueuesSummary();
  const save = useSaveAlertSettings();
  const [thresholds, setThresholds] = useState<Record<string, string>>({});
  const [growth, setGrowth] = useState<Record<GrowthKey, string> | null>(null);
  const [result, setResult] = useState<{ tone: "info" | "bad"; text: string } | null>(null);

  useEffect(() => {
    if (!data || growth) return;
    setGrowth(
      Object.fromEntries(GROWTH_FIELDS.map(([k]) => [k, String(data.settings.growth[k])])) as Record<GrowthKey, string>,
    );
  }, [data, growth]);

  if (error) return <Notice tone="bad">{error.message}</Notice>;
  if (!data || !growth) return <p className="text-muted">Loading…</p>;
  const names = queueNames(data, summary.data?.queues.map((q) => q.name) ?? []);
  const effective = (q: string) =>
    data.settings.overrides[q] ?? data.defaults.thresholds[q] ?? data.defaults.otherQueues;
  const defaultFor = (q: string) => data.defaults.thresholds[q] ?? data.defaults.otherQueues;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // Typed as people type durations ("5m", "2h", or plain seconds); the server reads and checks them.
    const changed: Record<string, string | null> = {};
    for (const [q, text] of Object.entries(thresholds)) changed[q] = text.trim() === "" ? null : text.trim();
    const g = Object.fromEntries(GROWTH_FIELDS.map(([k]) => [k, Number(growth[k])])) as Record<GrowthKey, number>;
    save.mutate(
      { thresholds: changed, growth: g },
      {
        onSuccess: (saved) => {
          setThresholds({});
          setResult({ tone: "info", text: saved.message });
        },
        onError: (err) => setResult({ tone: "bad", text: err.message }),
      },
    );
  };

  const input = "w-28 rounded-md border border-line px-2 py-1 text-right tabular-nums disabled:bg-canvas";
  return (
    <form className="space-y-4" onSubmit={submit}>
      <div>
        <p className="text-sm">
          <Link href="/queues" className="inline-flex min-h-11 items-center text-brand hover:underline md:min-h-0">
            ← Queues
          </Link>
        </p>
        <h1 className="text-2xl font-bold">Alert thresholds</h1>
        <p className="text-sm text-muted">
          A queue alerts when its oldest job has waited longer than its threshold. Alerts show on the overview and feed
          the status page.
          {data.settings.updatedBy ? ` Last changed by @${data.settings.updatedBy}.` : ""}
        </p>
      </div>
      {!canEdit ? <Notice>Changing thresholds needs Mastodon's view_devops permission.</Notice> : null}
      <Card title="Queue latency">
        <ul className="divide-y divide-line">
          {names.map((q) => (
            <li key={q} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <label htmlFor={`t-${q}`} className="min-w-0">
                <span className="font-medium">{q}</span>
                {QUEUE_ROLE[q] ? <span className="block text-xs text-muted">{QUEUE_ROLE[q]}</span> : null}
              </label>
              <span className="flex items-center gap-2">
                <input
                  id={`t-${q}`}
                  className={input}
                  disabled={!canEdit}
                  value={thresholds[q] ?? durationText(effective(q))}
                  onChange={(e) => setThresholds({ ...thresholds, [q]: e.target.value })}
                  aria-describedby={`d-${q}`}
                />
                <span id={`d-${q}`} className="w-36 text-xs text-muted sm:w-52">
                  like 90s, 5m or 2h (default {formatDuration(defaultFor(q))})
                </span>
              </span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Failing jobs">
        <div className="grid gap-3 sm:grid-cols-2">
          {GROWTH_FIELDS.map(([key, label, unit]) => (
            <label key={key} className="flex items-center justify-between gap-2 text-sm">
              <span>{label}</span>
              <span className="flex items-center gap-2">
                <input
                  inputMode="numeric"
                  className={input}
                  disabled={!canEdit}
                  value={growth[key]}
                  onChange={(e) => setGrowth({ ...growth, [key]: e.target.value })}
                />
                <span className="w-14 text-xs text-muted">{unit}</span>
              </span>
            </label>
          ))}
        </div>
      </Card>
      {canEdit ? (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={save.isPending}
            className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-on-brand disabled:opacity-50"
          >
            {save.isPending ? "Saving…" : "Save thresholds"}
          </button>
          <span className="text-xs text-muted">Leave a queue's field empty to go back to Howdah's default.</span>
        </div>
      ) : null}
      {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
    </form>
  );
}
