"use client";

import { useId, useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useEditIncident, useOpenIncident, type NewIncident } from "@/lib/client/use-incidents";
import { INCIDENT_TEMPLATES, templateWindow } from "@/lib/shared/incident-templates";
import {
  COMPONENT_IDS,
  COMPONENT_NAMES,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  STATUS_LABELS,
  type AdminIncident,
  type Impact,
  type IncidentStatus,
} from "@/lib/shared/status-types";

const field = "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm";
const primary = "rounded-md bg-brand px-4 py-2 text-sm font-semibold text-on-brand disabled:opacity-50";

/** A datetime-local value (the browser's time zone) as ISO, or undefined so the server can say what is missing. */
const toIso = (local: string) =>
  local && !Number.isNaN(Date.parse(local)) ? new Date(local).toISOString() : undefined;

/** An ISO time as a datetime-local value in the browser's time zone. */
function toLocal(iso: string | null | Date): string {
  if (!iso) return "";
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The one form for an incident or maintenance: opening a new one (from a
 * template or blank) and, given `incident`, editing what was published (its
 * title, impact, affected parts and, for maintenance, its window; updates are
 * reworded one by one on the card). The browser does not validate
 * (noValidate): the server's one-sentence message is shown instead, the same
 * one an API client gets. Editing sends only what changed.
 */
export function IncidentForm({ incident, onDone }: { incident?: AdminIncident; onDone?: () => void }) {
  const editing = incident !== undefined;
  const templateId = useId();
  const open = useOpenIncident();
  const edit = useEditIncident();
  const mutation = editing ? edit : open;
  const [kind, setKind] = useState<NewIncident["kind"]>(incident?.kind ?? "incident");
  const [title, setTitle] = useState(incident?.title ?? "");
  const [body, setBody] = useState("");
  const [impact, setImpact] = useState<Impact>(incident?.impact ?? "minor");
  const [status, setStatus] = useState<IncidentStatus>("investigating");
  const [components, setComponents] = useState<string[]>(incident?.components ?? []);
  const [start, setStart] = useState(toLocal(incident?.scheduledStart ?? null));
  const [end, setEnd] = useState(toLocal(incident?.scheduledEnd ?? null));

  const switchKind = (next: NewIncident["kind"]) => {
    setKind(next);
    setStatus(next === "incident" ? "investigating" : "scheduled");
    setImpact(next === "incident" ? "minor" : "none");
  };
  const applyTemplate = (id: string) => {
    const t = INCIDENT_TEMPLATES.find((x) => x.id === id);
    if (!t) return;
    setKind(t.kind);
    setTitle(t.title);
    setBody(t.body);
    setImpact(t.impact);
    setStatus(t.status);
    setComponents([...t.components]);
    const window = templateWindow(t, new Date());
    if (window) {
      setStart(toLocal(window.start));
      setEnd(toLocal(window.end));
    }
  };
  const statuses = kind === "incident" ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const window = kind === "maintenance" ? { scheduledStart: toIso(start), scheduledEnd: toIso(end) } : {};
    if (!incident) {
      open.mutate({ kind, title, body, impact, status, components, ...window }, { onSuccess: onDone });
      return;
    }
    const changed = <T,>(now: T, before: T) => (JSON.stringify(now) === JSON.stringify(before) ? undefined : now);
    edit.mutate({
      id: incident.id,
      title: changed(title, incident.title),
      impact: changed(impact, incident.impact),
      components: changed(components, incident.components),
      // Compared as shown (to the minute), so an untouched window is not sent back rounded.
      scheduledStart: start === toLocal(incident.scheduledStart) ? undefined : window.scheduledStart,
      scheduledEnd: end === toLocal(incident.scheduledEnd) ? undefined : window.scheduledEnd,
    });
  };

  const name = editing ? `Edit ${incident.title}` : "New incident";
  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label={name}>
      {editing ? null : (
        <>
          {/* Labelled by id, not wrapped: a wrapping label's text would take in every option's words. */}
          <div>
            <label htmlFor={templateId} className="block text-sm font-medium">
              Start from a template
            </label>
            <select id={templateId} className={field} defaultValue="" onChange={(e) => applyTemplate(e.target.value)}>
              <option value="">Blank</option>
              {INCIDENT_TEMPLATES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="flex flex-wrap gap-4 text-sm">
            <legend className="mb-1 text-sm font-medium">What is it?</legend>
            {(["incident", "maintenance"] as const).map((k) => (
              <label key={k} className="flex min-h-11 items-center gap-2 md:min-h-0">
                <input type="radio" name="kind" checked={kind === k} onChange={() => switchKind(k)} />
                {k === "incident" ? "An incident (something is wrong)" : "Planned maintenance"}
              </label>
            ))}
          </fieldset>
        </>
      )}
      <label className="block text-sm font-medium">
        Title
        <input
          className={field}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="Posts from other servers arrive late"
        />
      </label>
      {editing ? null : (
        <label className="block text-sm font-medium">
          Message to members
          <textarea
            className={`${field} min-h-24`}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            placeholder="What members notice, what you are doing, when you expect it fixed."
          />
        </label>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        {editing ? null : (
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
        )}
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
            <label key={id} className="flex min-h-11 items-center gap-2 md:min-h-0">
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
      {mutation.error ? <Notice tone="bad">{mutation.error.message}</Notice> : null}
      {editing && edit.isSuccess && !edit.isPending ? <Notice>Saved; the status page shows it now.</Notice> : null}
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={mutation.isPending} className={primary}>
          {editing
            ? edit.isPending
              ? "Saving…"
              : "Save changes"
            : open.isPending
              ? "Publishing…"
              : "Publish on the status page"}
        </button>
        {onDone ? (
          <button type="button" onClick={onDone} className="rounded-md border border-line px-4 py-2 text-sm">
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
