"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AdminIncident, IncidentStatus, Impact } from "@/lib/shared/status-types";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

/** Incidents and maintenance for staff; another admin's updates show within a minute. */
export function useIncidents(initialData?: { incidents: AdminIncident[] }) {
  return useQuery({
    queryKey: queryKeys.incidents(),
    queryFn: () => fetchJson<{ incidents: AdminIncident[] }>("/api/incidents"),
    refetchInterval: POLL.slow,
    initialData,
  });
}

/**
 * What the form sends; the server parses it (lib/status/incident-input.ts)
 * and answers with one sentence when it is wrong.
 */
export interface NewIncident {
  kind: "incident" | "maintenance";
  title: string;
  body: string;
  impact: Impact;
  status: IncidentStatus;
  components: string[];
  scheduledStart?: string;
  scheduledEnd?: string;
}

const post = <T>(url: string, body: unknown) =>
  fetchJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

export function useOpenIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewIncident) => post<AdminIncident>("/api/incidents", input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.incidents() }),
  });
}

export function usePostIncidentUpdate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; status: IncidentStatus; body: string }) =>
      post<AdminIncident>(`/api/incidents/${encodeURIComponent(id)}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.incidents() }),
  });
}

/** What an edit may change (lib/status/incident-input.ts, incidentEditInput). */
export interface IncidentEdit {
  title?: string;
  impact?: Impact;
  components?: string[];
  scheduledStart?: string;
  scheduledEnd?: string;
}

// Every change is sent as JSON, a DELETE too (lib/http/write-guard.ts refuses any other kind of write).
const send = <T>(method: "PATCH" | "DELETE", url: string, body: unknown = {}) =>
  fetchJson<T>(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

export function useEditIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...edit }: IncidentEdit & { id: string }) =>
      send<AdminIncident>("PATCH", `/api/incidents/${encodeURIComponent(id)}`, edit),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.incidents() }),
  });
}

export function useDeleteIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send<{ deleted: string }>("DELETE", `/api/incidents/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.incidents() }),
  });
}

/** Rewords one posted update (its status and time stay; the audit log keeps both texts). */
export function useRewordIncidentUpdate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, updateId, body }: { id: string; updateId: string; body: string }) =>
      send<AdminIncident>("PATCH", `/api/incidents/${encodeURIComponent(id)}/updates/${encodeURIComponent(updateId)}`, {
        body,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.incidents() }),
  });
}
