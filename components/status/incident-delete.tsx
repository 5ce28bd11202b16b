"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useDeleteIncident } from "@/lib/client/use-incidents";
import type { AdminIncident } from "@/lib/shared/status-types";

/** Deletes an entry and its updates (a duplicate, published by mistake), after asking once more; audited. */
export function IncidentDelete({ incident }: { incident: AdminIncident }) {
  const remove = useDeleteIncident();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="mt-4 border-t border-line pt-3 text-sm">
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
  );
}
