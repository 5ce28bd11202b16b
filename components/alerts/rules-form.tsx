"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useSetRules } from "@/lib/client/use-alerting";
import { RULE_FIELDS, type AlertRulesView, type RuleKey } from "@/lib/shared/alerting-types";
import { field, primary } from "./styles";

type Levels = Record<RuleKey, { warning: string; critical: string }>;

/** An empty box is "off"; a count goes as a number, a time as typed ("30d"), so the server's message names it. */
const level = (text: string, unit: "count" | "time") => {
  const value = text.trim();
  if (value === "") return null;
  return unit === "count" && /^\d+$/.test(value) ? Number(value) : value;
};

/** "push=10m, ingress=30m" → { push: "10m", ingress: "30m" }; the server checks each time. */
const pairs = (text: string) =>
  Object.fromEntries(
    text
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const [queue = "", value = ""] = p.split("=").map((x) => x.trim());
        return [queue, value];
      }),
  );

/**
 * Warning and critical levels of the rules beyond the Queues page's latency
 * thresholds, and the critical levels of those thresholds and the growth
 * alerts (left empty: four times the warning).
 */
export function RulesForm({ rules }: { rules: AlertRulesView }) {
  const save = useSetRules();
  const [levels, setLevels] = useState<Levels>(rules.levels);
  const [criticalLatency, setCriticalLatency] = useState(rules.criticalLatency);
  const [retry, setRetry] = useState(rules.criticalRetryGrowth);
  const [dead, setDead] = useState(rules.criticalDeadGrowth);
  const set = (key: RuleKey, which: "warning" | "critical", value: string) =>
    setLevels((l) => ({ ...l, [key]: { ...l[key], [which]: value } }));
  return (
    <form
      noValidate
      aria-label="Alert rules"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const body: Record<string, unknown> = Object.fromEntries(
          RULE_FIELDS.map(({ key, unit }) => [
            key,
            { warning: level(levels[key].warning, unit), critical: level(levels[key].critical, unit) },
          ]),
        );
        body.queueSize = { ...(body.queueSize as object), perQueue: rules.perQueueSize };
        body.critical = {
          latency: pairs(criticalLatency),
          retryGrowth: level(retry, "count"),
          deadGrowth: level(dead, "count"),
        };
        save.mutate(body);
      }}
    >
      {RULE_FIELDS.map(({ key, label, unit, worse }) => (
        <div
          key={key}
          role="group"
          aria-labelledby={`rule-${key}`}
          className="grid gap-3 sm:grid-cols-[1fr_10rem_10rem] sm:items-end"
        >
          <p id={`rule-${key}`} className="text-sm font-medium sm:self-center">
            {label} <span className="text-muted">({worse})</span>
          </p>
          <label className="block text-sm">
            Warning
            <input
              className={field}
              value={levels[key].warning}
              onChange={(e) => set(key, "warning", e.target.value)}
              placeholder="off"
              inputMode={unit === "count" ? "numeric" : "text"}
            />
          </label>
          <label className="block text-sm">
            Critical
            <input
              className={field}
              value={levels[key].critical}
              onChange={(e) => set(key, "critical", e.target.value)}
              placeholder="off"
              inputMode={unit === "count" ? "numeric" : "text"}
            />
          </label>
        </div>
      ))}
      <div className="grid gap-3 border-t border-line pt-4 sm:grid-cols-3">
        <label className="block text-sm font-medium">
          Critical queue latency (queue=time)
          <input
            className={field}
            value={criticalLatency}
            onChange={(e) => setCriticalLatency(e.target.value)}
            placeholder="push=10m, ingress=30m"
          />
        </label>
        <label className="block text-sm font-medium">
          Critical retry growth
          <input className={field} value={retry} onChange={(e) => setRetry(e.target.value)} placeholder="4 × warning" />
        </label>
        <label className="block text-sm font-medium">
          Critical dead growth
          <input className={field} value={dead} onChange={(e) => setDead(e.target.value)} placeholder="4 × warning" />
        </label>
      </div>
      <p className="text-sm text-muted">
        Leave a box empty to turn that level off. Times are written like 90s, 5m, 2h or 30d. The warning thresholds of
        queue latency and of retry and dead growth are set on the Queues page; a critical level left empty here is four
        times its warning.
      </p>
      {save.error ? <Notice tone="bad">{save.error.message}</Notice> : null}
      {save.isSuccess && !save.isPending ? <Notice>Saved.</Notice> : null}
      <button type="submit" disabled={save.isPending} className={primary}>
        {save.isPending ? "Saving…" : "Save rules"}
      </button>
    </form>
  );
}
