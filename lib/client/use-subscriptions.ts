"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { readFederationSummary, readSubscriptions } from "@/lib/federation/subscriptions/sources";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

export type SubscriptionsData = Awaited<ReturnType<typeof readSubscriptions>>;
export type FederationSummary = Awaited<ReturnType<typeof readFederationSummary>>;

const post = <T>(url: string, body: unknown) =>
  fetchJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** The sources, merge rule and review queue; polled slowly, since the worker fetches in the background. */
export function useSubscriptions() {
  return useQuery({
    queryKey: queryKeys.subscriptions(),
    queryFn: () => fetchJson<SubscriptionsData>("/api/federation/subscriptions"),
    refetchInterval: POLL.health,
  });
}

export function useFederationSummary(enabled = true) {
  return useQuery({
    queryKey: queryKeys.federationSummary(),
    queryFn: () => fetchJson<FederationSummary>("/api/federation/subscriptions/summary"),
    refetchInterval: POLL.slow,
    enabled,
  });
}

function useSubscriptionMutation<I, R = unknown>(url: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => post<R>(url, input),
    // Applying changes blocks: every domain-block query (the list, batches, this page) is stale.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.domainBlocks() }),
  });
}

export interface SourceForm {
  name: string;
  url?: string | null;
  fileName?: string | null;
  contentBase64?: string | null;
  enabled: boolean;
  defaultSeverity?: string | null;
  fetchEveryMinutes: number;
  autoApply: { addition: boolean; escalation: boolean; deescalation: boolean; retraction: boolean };
}

export const useCreateSource = () =>
  useSubscriptionMutation<SourceForm & { kind: "url" | "file" }, { id: string }>(
    "/api/federation/subscriptions/sources",
  );
export const useUpdateSource = () =>
  useSubscriptionMutation<SourceForm & { id: string }>("/api/federation/subscriptions/sources/update");
export const useRemoveSource = () =>
  useSubscriptionMutation<{ id: string }>("/api/federation/subscriptions/sources/remove");
export const useFetchSource = () =>
  useSubscriptionMutation<{ id: string }>("/api/federation/subscriptions/sources/fetch");
export const useSaveMergeSettings = () =>
  useSubscriptionMutation<{ thresholdKind: string; thresholdValue: number; severityRule: string }>(
    "/api/federation/subscriptions/settings",
  );
export const useApplyChanges = () =>
  useSubscriptionMutation<{ ids: string[] }, { batchId: string; applied: number }>(
    "/api/federation/subscriptions/changes/apply",
  );
export const useDismissChanges = () =>
  useSubscriptionMutation<{ ids: string[] }, { dismissed: number }>("/api/federation/subscriptions/changes/dismiss");
