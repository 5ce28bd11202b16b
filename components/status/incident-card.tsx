"use client";

import { useState } from "react";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { IncidentDelete } from "./incident-delete";
import { IncidentForm } from "./incident-form";
import { UpdateReword } from "./update-reword";
import { usePostIncidentUpdate } from "@/lib/client/use-incidents";
import {
  COMPONENT_NAMES,
  FINAL_STATUSES,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  STATUS_LABELS,
  type AdminIncident,
  type IncidentStatus,
} from "@/lib/shared/status-types";

const IMPACT = { none: "No impact", minor: "Minor impact", major: "Major impact" } as const;
const TONE = { none: "border-l-brand", minor: "border-l-warn", major: "border-l-bad" } as const;

/**
 * Editing and deleting, folded away; the form is built only once opened, so
 * its times are in the reader's time zone (never the server's, from the
 * server render).
 */
function EditOrDelete({ incident }: { incident: AdminIncident }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-3 text-sm" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer py-2 text-brand">Edit or delete</summary>
      {open ? (
        <div className="mt-2">
          <IncidentForm incident={incident} />
          <IncidentDelete incident={incident} />
        </div>
      ) : null}
    </details>
  );
}

/** One incident or maintenance: its updates, newest first, and (while open) a form for the next one. */
export function IncidentCard({ incident }: { incident: AdminIncident }) {
  const final = FINAL_STATUSES.includes(incident.status);
  const statuses = incident.kind === "incident" ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
  const post = usePostIncidentUpdate();
  const [status, setStatus] = useState<IncidentStatus>(incident.status);
  const [body, setBody] = useState("");

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    post.mutate({ id: incident.id, status, body }, { onSuccess: () => setBody("") });
  };

  return (
    <article
      aria-labelledby={`incident-${incident.id}`}
      className={`rounded-xl border border-l-4 border-line bg-surface p-4 shadow-sm ${
        final ? "border-l-line" : TONE[incident.impact]
      }`}
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`incident-${incident.id}`} className="text-base font-semibold">
          {incident.title}
        </h2>
        <span className="text-sm font-semibold">{STATUS_LABELS[incident.status]}</span>
      </header>
      <p className="text-xs text-muted">
        {incident.kind === "maintenance" ? "Planned maintenance" : IMPACT[incident.impact]}
        {incident.components.length ? ` · ${incident.components.map((c) => COMPONENT_NAMES[c]).join(", ")}` : ""}
        {incident.scheduledStart && incident.scheduledEnd ? (
          <>
            {" · "}
            <DateTime at={incident.scheduledStart} /> to <DateTime at={incident.scheduledEnd} />
          </>
        ) : null}
      </p>
      <ol className="mt-3 space-y-3 border-l border-line pl-3">
        {incident.updates.map((u) => (
          <li key={u.id} className="text-sm">
            <p>
              <span className="font-semibold">{STATUS_LABELS[u.status]}</span>{" "}
              <span className="text-xs text-muted">
                <DateTime at={u.at} />
                {u.createdBy ? ` · @${u.createdBy}` : ""}
              </span>
            </p>
            <UpdateReword incidentId={incident.id} updateId={u.id} body={u.body} />
          </li>
        ))}
      </ol>
      {final ? (
        <p className="mt-3 text-xs text-muted">
          Closed: it takes no more updates. Open a new one if the problem comes back.
        </p>
      ) : (
        <form noValidate onSubmit={submit} className="mt-4 space-y-2" aria-label={`Update ${incident.title}`}>
          <div className="flex flex-wrap items-end gap-2">
            <label className="text-sm font-medium">
              New status
              <select
                className="mt-1 block rounded-md border border-line bg-surface px-2 py-1.5 text-sm"
                value={status}
                onChange={(e) => setStatus(e.target.value as IncidentStatus)}
              >
                {statuses.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="block text-sm font-medium">
            Update for members
            <textarea
              className="mt-1 block min-h-20 w-full rounded-md border border-line bg-surface px-3 py-2 text-sm"
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
          </label>
          {post.error ? <Notice tone="bad">{post.error.message}</Notice> : null}
          <button
            type="submit"
            disabled={post.isPending}
            className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-on-brand disabled:opacity-50"
          >
            {post.isPending ? "Posting…" : "Post update"}
          </button>
        </form>
      )}
      <EditOrDelete incident={incident} />
    </article>
  );
}
