"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useDeleteIncident, useEditIncident } from "@/lib/client/use-incidents";
import { COMPONENT_IDS, COMPONENT_NAMES, type AdminIncident, type Impact } from "@/lib/shared/status-types";

const field = "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm";

/**
 * Edit or delete an entry after publishing: its title, impact and affected
 * parts (a typo, the wrong component), or the whole entry (a duplicate).
 * Both are audited with what was there before; deleting asks once more.
 * The server checks what fits the entry's kind and answers in one sentence.
 */
export function IncidentEdit({ incident }: { incident: AdminIncident }) {
  const edit = useEditIncident();
  const remove = useDeleteIncident();
  const [title, setTitle] = useState(incident.title);
  const [impact, setImpact] = useState<Impact>(incident.impact);
  const [components, setComponents] = useState<string[]>(incident.components);
  const [confirming, setConfirming] = useState(false);

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    edit.mutate({ id: incident.id, title, impact, components });
  };

  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer py-2 text-brand">Edit or delete</summary>
      <form noValidate onSubmit={save} className="mt-2 space-y-3" aria-label={`Edit ${incident.title}`}>
        <label className="block font-medium">
          Title
          <input className={field} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="block font-medium">
          Impact
          <select className={field} value={impact} onChange={(e) => setImpact(e.target.value as Impact)}>
            {incident.kind === "maintenance" ? <option value="none">None (announcement only)</option> : null}
            <option value="minor">Minor: some things are slow or broken</option>
            <option value="major">Major: the server is largely unusable</option>
          </select>
        </label>
        <fieldset>
          <legend className="font-medium">Affected parts</legend>
          <div className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-2">
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
        {edit.error ? <Notice tone="bad">{edit.error.message}</Notice> : null}
        {edit.isSuccess && !edit.isPending ? <Notice>Saved; the status page shows it now.</Notice> : null}
        <button
          type="submit"
          disabled={edit.isPending}
          className="rounded-md bg-brand px-4 py-2 font-semibold text-on-brand disabled:opacity-50"
        >
          {edit.isPending ? "Saving…" : "Save changes"}
        </button>
      </form>
      <div className="mt-4 border-t border-line pt-3">
        {confirming ? (
          <div className="flex flex-wrap items-center gap-3">
            <p>Delete “{incident.title}” and its updates from the status page?</p>
            <button
              type="button"
              disabled={remove.isPending}
              onClick={() => remove.mutate(incident.id)}
              className="rounded-md bg-bad px-4 py-2 font-semibold text-on-bad disabled:opacity-50"
            >
              {remove.isPending ? "Deleting…" : "Yes, delete it"}
            </button>
            <button
              type="button"
              onClick={() => setConfirming(false)}
              className="rounded-md border border-line px-4 py-2"
            >
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} className="rounded-md border border-line px-4 py-2">
            Delete…
          </button>
        )}
        {remove.error ? <Notice tone="bad">{remove.error.message}</Notice> : null}
      </div>
    </details>
  );
}
