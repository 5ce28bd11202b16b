"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BlockList } from "@/lib/federation/blocks";
import type { BlockImpact } from "@/lib/federation/impact";
import type { BlockActionResult, CreateBlockInput, UpdateBlockInput } from "@/lib/federation/manage";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** One page of domain blocks for the given search, filters and sort. */
export function useDomainBlocks(params: Record<string, string>, initialData?: BlockList) {
  return useQuery({
    queryKey: queryKeys.domainBlocksList(params),
    queryFn: () => fetchJson<BlockList>(`/api/federation/blocks?${query(params)}`),
    placeholderData: keepPreviousData,
    initialData,
  });
}

/** What a change would do; null params: nothing to preview yet. Never cached long: the instance moves. */
export function useBlockImpact(params: Record<string, string> | null) {
  return useQuery({
    queryKey: queryKeys.domainBlockImpact(params ?? {}),
    queryFn: () => fetchJson<BlockImpact>(`/api/federation/blocks/impact?${query(params!)}`),
    enabled: params !== null,
    staleTime: 0,
    gcTime: 30_000,
    retry: false,
  });
}

const post = <T>(url: string, body: unknown) =>
  fetchJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

function useBlockMutation<I>(url: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => post<BlockActionResult>(url, input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.domainBlocks() }),
  });
}

export const useCreateBlock = () => useBlockMutation<CreateBlockInput>("/api/federation/blocks");
export const useUpdateBlock = () => useBlockMutation<UpdateBlockInput>("/api/federation/blocks/update");
export const useRemoveBlock = () => useBlockMutation<{ id: string }>("/api/federation/blocks/remove");
