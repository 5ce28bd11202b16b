"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SaveRetentionInput, SettingView } from "@/lib/retention/settings";
import type { RecommendationView } from "@/lib/retention/recommend";
import type { VacuumStatus } from "@/lib/retention/vacuum";
import type { WhatIfComparison } from "@/lib/retention/what-if";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

export function useRetentionSettings(initialData?: { settings: SettingView[] }) {
  return useQuery({
    queryKey: queryKeys.retentionSettings(),
    queryFn: () => fetchJson<{ settings: SettingView[] }>("/api/retention/settings"),
    initialData,
  });
}

export function useVacuumStatus(initialData?: VacuumStatus) {
  return useQuery({
    queryKey: queryKeys.retentionVacuum(),
    queryFn: () => fetchJson<VacuumStatus>("/api/retention/vacuum"),
    refetchInterval: POLL.slow,
    initialData,
  });
}

const post = <T>(url: string, body: unknown) =>
  fetchJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

export function useSaveRetention() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveRetentionInput) =>
      post<{ message: string; settings: SettingView[]; warnings: string[] }>("/api/retention/settings", input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.retention() }),
  });
}

export function useRunVacuum() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => post<{ message: string; jid: string }>("/api/retention/vacuum/run", { confirm: true }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.retention() }),
  });
}

/** What the next cleanup would remove at these proposed values; null: nothing asked yet. */
export function useWhatIf(params: Record<string, string> | null) {
  return useQuery({
    queryKey: [...queryKeys.retention(), "what-if", params ?? {}],
    queryFn: () => fetchJson<WhatIfComparison>(`/api/retention/what-if?${new URLSearchParams(params!).toString()}`),
    enabled: params !== null,
    staleTime: 0,
    retry: false,
  });
}

/** The recommended media-cache period for a capacity (blank: the Storage page's), fill level and horizon. */
export function useRecommendation(params: { capacity: string; fill: string; horizonDays: string }) {
  return useQuery({
    queryKey: [...queryKeys.retention(), "recommendation", params],
    queryFn: () =>
      fetchJson<RecommendationView>(`/api/retention/recommendation?${new URLSearchParams(params).toString()}`),
    retry: false,
  });
}
