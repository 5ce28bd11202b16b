"use client";

import { useEffect, useState } from "react";
import type { ReportQueue } from "@/lib/reports/queue";
import { CATEGORY_LABELS } from "@/lib/shared/report-labels";
import { formatCount } from "@/lib/shared/format";
import { SECONDARY, SELECT } from "./styles";

/** The queue's filters; each option says how many reports it would show, the other filters applied. */
export const EMPTY_QUEUE_FILTERS = {
  state: "open",
  assigned: "all",
  category: "",
  rule: "",
  target: "",
  domain: "",
  reporter: "",
  forwarded: "",
};
export type QueueFilterValues = typeof EMPTY_QUEUE_FILTERS;

export function QueueFilters({
  values,
  data,
  onChange,
}: {
  values: QueueFilterValues;
  data: ReportQueue | undefined;
  onChange: (key: keyof QueueFilterValues, value: string) => void;
}) {
  const [shown, setShown] = useState(false);
  const active = Object.entries(values).filter(
    ([k, v]) => v !== EMPTY_QUEUE_FILTERS[k as keyof QueueFilterValues],
  ).length;
  const count = (key: string) => (data ? ` (${formatCount(data.counts[key] ?? 0)})` : "");
  const select = (key: keyof QueueFilterValues, label: string, options: [string, string, string | null][]) => (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      <select className={SELECT} value={values[key]} onChange={(e) => onChange(key, e.target.value)}>
        {options.map(([value, text, countKey]) => (
          <option key={value} value={value}>
            {text}
            {countKey ? count(countKey) : ""}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div>
      {/* On a phone the filters fold away, so the first screen shows reports, not eight fields. */}
      <button
        type="button"
        className={`${SECONDARY} w-full md:hidden`}
        aria-expanded={shown}
        aria-controls="queue-filters"
        onClick={() => setShown(!shown)}
      >
        {shown ? "Hide filters" : `Filters${active ? ` (${active} set)` : ""}`}
      </button>
      <div
        id="queue-filters"
        className={`${shown ? "grid" : "hidden"} mt-2 grid-cols-1 gap-2 sm:grid-cols-2 md:mt-0 md:grid lg:grid-cols-4`}
      >
        {select("state", "Reports", [
          ["open", "Unresolved", "state:open"],
          ["resolved", "Resolved", "state:resolved"],
        ])}
        {select("assigned", "Assigned", [
          ["all", "Everyone's", "assigned:all"],
          ["me", "Assigned to me", "assigned:me"],
          ["unassigned", "Unassigned", "assigned:unassigned"],
        ])}
        {select("category", "Category", [
          ["", "Any category", null],
          ...Object.entries(CATEGORY_LABELS).map(([value, text]): [string, string, string] => [
            value,
            text,
            `category:${value}`,
          ]),
        ])}
        {select("rule", "Rule", [
          ["", "Any rule", null],
          ...(data?.rules ?? []).map((r): [string, string, string | null] => [
            r.id,
            `${r.text.length > 48 ? `${r.text.slice(0, 47)}…` : r.text}${r.deleted ? " (deleted)" : ""} (${formatCount(
              data?.ruleCounts[r.id] ?? 0,
            )})`,
            null,
          ]),
        ])}
        {select("target", "Target", [
          ["", "Local or remote", null],
          ["local", "Local", "target:local"],
          ["remote", "Remote", "target:remote"],
        ])}
        {select("reporter", "Reporter", [
          ["", "Local or remote", null],
          ["local", "Local", "reporter:local"],
          ["remote", "Remote server", "reporter:remote"],
        ])}
        {select("forwarded", "Forwarded", [
          ["", "Either", null],
          ["true", "Forwarded", "forwarded:true"],
          ["false", "Not forwarded", "forwarded:false"],
        ])}
        <DomainField value={values.domain} onChange={(v) => onChange("domain", v)} />
      </div>
    </div>
  );
}

/** The target's domain, applied when typing pauses (not on every key). */
function DomainField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onChange(text.trim()), 400);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <label className="block text-sm">
      <span className="font-medium">Target domain</span>
      <input
        className={SELECT}
        value={text}
        placeholder="example.social"
        inputMode="url"
        autoCapitalize="none"
        onChange={(e) => setText(e.target.value)}
      />
    </label>
  );
}
