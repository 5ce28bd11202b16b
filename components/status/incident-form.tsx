"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useOpenIncident, type NewIncident } from "@/lib/client/use-incidents";
import {
  COMPONENT_IDS,
  COMPONENT_NAMES,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  STATUS_LABELS,
  type Impact,
  type IncidentStatus,
} from "@/lib/shared/status-types";

const field = "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm";

/** A datetime-local value (the browser's time zone) as ISO, or undefined so the server can say what is missing. */
const toIso = (local: string) =>
  local && !Number.isNaN(Date.parse(local)) ? new Date(local).toISOString() : undefined;

/**
 * Opens an incident or plans maintenance. The browser does not validate
 * (noValidate): the server's one-sentence message is shown instead, the same
 * one an API client gets.
 */
export function IncidentForm({ onDone }: { onDone: () => void }) {
  const open = useOpenIncident();
  const [kind, setKind] = useState<NewIncident["kind"]>("incident");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [impact, setImpact] = useState<Impact>("minor");
  const [status, setStatus] = useState<IncidentStatus>("investigating");
  const [components, setComponents] = useState<string[]>([]);
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");

  const switchKind = (next: NewIncident["kind"]) => {
    setKind(next);
    setStatus(next === "incident" ? "investigating" : "scheduled");
    setImpact(next === "incident" ? "minor" : "none");
  };
  const statuses = kind === "incident" ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const input: NewIncident = { kind, title, body, impact, status, components };
    if (kind === "maintenance") Object.assign(input, { scheduledStart: toIso(start), scheduledEnd: toIso(end) });
    open.mutate(input, { onSuccess: onDone });
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="New incident">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="mb-1 text-sm font-medium">What is it?</legend>
        {(["incident", "maintenance"] as const).map((k) => (
          <label key={k} className="flex min-h-11 items-center gap-2 md:min-h-0">
            <input type="radio" name="kind" checked={kind === k} onChange={() => switchKind(k)} />
            {k === "incident" ? "An incident (something is wrong)" : "Planned maintenance"}
          </label>
        ))}
      </fieldset>
      <label className="block text-sm font-medium">
        Title
        <input
          className={field}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="Posts from other servers arrive late"
        />
      </label>
      <label className="block text-sm font-medium">
        Message to members
        <textarea
          className={`${field} min-h-24`}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder="What members notice, what you are doing, when you expect it fixed."
        />
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block text-sm font-medium">
          Status
          <select className={field} value={status} onChange={(e) => setStatus(e.target.value as IncidentStatus)}>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          Impact
          <select className={field} value={impact} onChange={(e) => setImpact(e.target.value as Impact)}>
            {kind === "maintenance" ? <option value="none">None (announcement only)</option> : null}
            <option value="minor">Minor: some things are slow or broken</option>
            <option value="major">Major: the server is largely unusable</option>
          </select>
        </label>
      </div>
      {kind === "maintenance" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <label className="block text-sm font-medium">
            Starts (your time zone)
            <input type="datetime-local" className={field} value={start} onChange={(e) => setStart(e.target.value)} />
          </label>
          <label className="block text-sm font-medium">
            Ends (your time zone)
            <input type="datetime-local" className={field} value={end} onChange={(e) => setEnd(e.target.value)} />
          </label>
        </div>
      ) : null}
      <fieldset>
        <legend className="text-sm font-medium">Affected parts</legend>
        <div className="mt-1 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2">
          {COMPONENT_IDS.map((id) => (
            <label key={id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={components.includes(id)}
                onChange={(e) =>
                  setComponents(e.target.checked ? [...components, id] : components.filter((c) => c !== id))
                }
              />
              {COMPONENT_NAMES[id]}
            </label>
          ))}
        </div>
      </fieldset>
      {open.error ? <Notice tone="bad">{open.error.message}</Notice> : null}
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          disabled={open.isPending}
          className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-on-brand disabled:opacity-50"
        >
          {open.isPending ? "Publishing…" : "Publish on the status page"}
        </button>
        <button type="button" onClick={onDone} className="rounded-md border border-line px-4 py-2 text-sm">
          Cancel
        </button>
      </div>
    </form>
  );
}
