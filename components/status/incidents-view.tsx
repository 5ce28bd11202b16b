"use client";

import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useIncidents } from "@/lib/client/use-incidents";
import { FINAL_STATUSES, type AdminIncident } from "@/lib/shared/status-types";
import { IncidentCard } from "./incident-card";
import { IncidentForm } from "./incident-form";

/** Staff's side of the status page: open a new incident or maintenance, post updates, see what was closed. */
export function IncidentsView({ initial }: { initial?: { incidents: AdminIncident[] } }) {
  const { data, error } = useIncidents(initial);
  const [creating, setCreating] = useState(false);
  const incidents = data?.incidents ?? [];
  const open = incidents.filter((i) => !FINAL_STATUSES.includes(i.status));
  const closed = incidents.filter((i) => FINAL_STATUSES.includes(i.status));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Incidents</h1>
          <p className="text-sm text-muted">
            What members read on the public status page and its feed. Changes show there within seconds.
          </p>
          <a href="/status" className="inline-flex min-h-11 items-center text-sm text-brand underline md:min-h-0">
            Open the public status page
          </a>
        </div>
        {!creating ? (
          <button
            type="button"
            onClick={() => setCreating(true)}
            className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-on-brand"
          >
            New incident or maintenance
          </button>
        ) : null}
      </div>
      {error ? <Notice tone="bad">{error.message}</Notice> : null}
      {creating ? (
        <Card title="New incident or maintenance">
          <IncidentForm onDone={() => setCreating(false)} />
        </Card>
      ) : null}
      <section aria-labelledby="open-h" className="space-y-3">
        <h2 id="open-h" className="text-sm font-semibold uppercase tracking-wide text-muted">
          Open
        </h2>
        {open.length ? (
          open.map((i) => <IncidentCard key={i.id} incident={i} />)
        ) : (
          <p className="text-sm text-muted">Nothing is open. Members see only the measured state of each part.</p>
        )}
      </section>
      {closed.length ? (
        <section aria-labelledby="closed-h" className="space-y-3">
          <h2 id="closed-h" className="text-sm font-semibold uppercase tracking-wide text-muted">
            Closed
          </h2>
          {closed.map((i) => (
            <IncidentCard key={i.id} incident={i} />
          ))}
        </section>
      ) : null}
    </div>
  );
}
