"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AlertingOverview, ContactPointKind } from "@/lib/shared/alerting-types";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

/** The Alerts page: contact points, silences, policy and what fires; another admin's changes show within a minute. */
export function useAlerting(initialData?: AlertingOverview) {
  return useQuery({
    queryKey: queryKeys.alerting(),
    queryFn: () => fetchJson<AlertingOverview>("/api/alerts"),
    refetchInterval: POLL.slow,
    initialData,
  });
}

// Every write is JSON, a DELETE too (lib/http/write-guard.ts refuses any other kind).
const send = <T>(method: "POST" | "PUT" | "DELETE", url: string, body: unknown = {}) =>
  fetchJson<T>(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

function useAlertingWrite<I, T>(write: (input: I) => Promise<T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.alerting() }),
  });
}

/** What the form sends; the server parses it (lib/alerts/contact-point-input.ts) and says what is wrong. */
export type NewContactPoint = { kind: ContactPointKind; name: string } & Record<string, unknown>;

export const useAddContactPoint = () =>
  useAlertingWrite((input: NewContactPoint) => send("POST", "/api/alerts/contact-points", input));
export const useRemoveContactPoint = () =>
  useAlertingWrite((id: string) => send("DELETE", `/api/alerts/contact-points/${encodeURIComponent(id)}`));
export const useTestContactPoint = () =>
  useAlertingWrite((id: string) =>
    send<{ ok: boolean; error: string | null }>("POST", `/api/alerts/contact-points/${encodeURIComponent(id)}/test`),
  );
export const useSetPolicy = () =>
  useAlertingWrite((input: { pending: string; repeat: string }) => send("PUT", "/api/alerts", input));
export const useAddSilence = () =>
  useAlertingWrite((input: { matcher: string; duration: string; comment: string }) =>
    send("POST", "/api/alerts/silences", input),
  );
export const useEndSilence = () =>
  useAlertingWrite((id: string) => send("DELETE", `/api/alerts/silences/${encodeURIComponent(id)}`));
/** The rules' levels as the form sends them; the server parses and checks them (lib/alerts/rule-settings.ts). */
export const useSetRules = () =>
  useAlertingWrite((input: Record<string, unknown>) => send("PUT", "/api/alerts/rules", input));
