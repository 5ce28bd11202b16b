"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CapacityInput, StorageCapacity } from "@/lib/storage/capacity";
import type { DomainStorage } from "@/lib/storage/domains";
import type { StorageRange } from "@/lib/storage/inputs";
import type { StoragePage } from "@/lib/storage/page-data";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

/** The Storage page; the rollups change every few minutes, so it polls slowly. */
export function useStorage(range: StorageRange, initialData?: StoragePage) {
  return useQuery({
    queryKey: queryKeys.storagePage(range),
    queryFn: () => fetchJson<StoragePage>(`/api/storage?range=${range}`),
    refetchInterval: (query) => (query.state.data && !query.state.data.progress.complete ? POLL.live : POLL.slow),
    placeholderData: keepPreviousData,
    initialData: initialData?.range === range ? initialData : undefined,
  });
}

export function useStorageDomain(domain: string, range: StorageRange, initialData?: DomainStorage) {
  return useQuery({
    queryKey: queryKeys.storageDomain(domain, range),
    queryFn: () => fetchJson<DomainStorage>(`/api/storage/domains?domain=${encodeURIComponent(domain)}&range=${range}`),
    refetchInterval: POLL.slow,
    placeholderData: keepPreviousData,
    initialData: initialData?.range === range ? initialData : undefined,
  });
}

export function useSaveCapacity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CapacityInput) =>
      fetchJson<StorageCapacity>("/api/storage/capacity", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.storage() }),
  });
}
