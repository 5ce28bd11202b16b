"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AllowList, AllowRemovalPreview } from "@/lib/federation/allows";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export function useDomainAllows(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.domainAllows(),
    queryFn: () => fetchJson<AllowList>("/api/federation/allows"),
    enabled,
  });
}

/** What removing this allow destroys; null: no removal being confirmed. Never cached: the counts move. */
export function useAllowRemoval(id: string | null) {
  return useQuery({
    queryKey: queryKeys.domainAllowRemoval(id ?? ""),
    queryFn: () => fetchJson<AllowRemovalPreview>(`/api/federation/allows/removal?id=${encodeURIComponent(id!)}`),
    enabled: id !== null,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

const post = <T>(url: string, body: unknown) =>
  fetchJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

function useAllowMutation<I>(url: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => post<{ message: string }>(url, input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.domainBlocks() }),
  });
}

export const useCreateAllow = () => useAllowMutation<{ domain: string }>("/api/federation/allows");
export const useRemoveAllow = () =>
  useAllowMutation<{ id: string; confirmed: boolean }>("/api/federation/allows/remove");
