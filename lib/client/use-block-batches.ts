"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BatchView, RollbackStep } from "@/lib/federation/import/batches";
import type { RollbackImpactTotals, StepImpact } from "@/lib/federation/import/rollback-impact";
import type { PreviewResult } from "@/lib/federation/import/preview";
import type { BatchRecord } from "@/lib/store/block-batches";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

const ACTIVE = new Set(["running", "rolling_back"]);
const post = <T>(url: string, body: unknown) =>
  fetchJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

export function useBlockBatches() {
  return useQuery({
    queryKey: queryKeys.blockBatches(),
    queryFn: () => fetchJson<{ batches: BatchRecord[] }>("/api/federation/batches?limit=25"),
  });
}

/** One batch and a page of its rows; polled every second while the worker is on it, so progress shows. */
export function useBlockBatch(params: Record<string, string> | null) {
  return useQuery({
    queryKey: queryKeys.blockBatch(params ?? {}),
    queryFn: () => fetchJson<BatchView>(`/api/federation/batches/view?${new URLSearchParams(params!)}`),
    enabled: params !== null,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data && ACTIVE.has(q.state.data.batch.state) ? 1000 : false),
  });
}

export function useRollbackPlan(id: string | null) {
  return useQuery({
    queryKey: queryKeys.blockBatchRollback(id ?? ""),
    queryFn: () =>
      fetchJson<{
        remaining: number;
        steps: RollbackStep[];
        more: number;
        impact: { steps: StepImpact[]; totals: RollbackImpactTotals };
      }>(`/api/federation/batches/rollback?id=${id}`),
    enabled: id !== null,
    staleTime: 0,
  });
}

function useBatchMutation<I, R>(url: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => post<R>(url, input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.domainBlocks() }),
  });
}

/** The file's bytes go as base64 inside JSON, so the server sees a BOM or a binary file as what it is. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const useImportFile = () =>
  useBatchMutation<{ name: string; severity: string | null; contentBase64: string }, PreviewResult>(
    "/api/federation/imports",
  );
export const useChooseRows = () =>
  useBatchMutation<{ id: string; include: string[]; exclude: string[] }, { chosen: number }>(
    "/api/federation/batches/choose",
  );
export const useApplyBatch = () =>
  useBatchMutation<{ id: string }, { batch: BatchRecord }>("/api/federation/batches/apply");
export const useRollbackBatch = () =>
  useBatchMutation<{ id: string }, { batch: BatchRecord }>("/api/federation/batches/rollback");
