"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BulkActionInput } from "@/lib/queues/actions";
import type { JobPage } from "@/lib/queues/jobs";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";

export interface JobListParams {
  source: string;
  offset: number;
  limit: number;
  class: string;
  reverse: boolean;
}

/**
 * One page of jobs. Not polled: rows must not move under an admin reading
 * or acting on them; the page has a refresh button, and actions refresh it.
 */
export function useQueueJobs(params: JobListParams, enabled = true) {
  const search = new URLSearchParams({
    source: params.source,
    offset: String(params.offset),
    limit: String(params.limit),
    reverse: params.reverse ? "1" : "0",
  });
  if (params.class) search.set("class", params.class);
  return useQuery({
    queryKey: queryKeys.queuesJobs(params),
    queryFn: () => fetchJson<JobPage>(`/api/queues/jobs?${search}`),
    placeholderData: keepPreviousData,
    enabled,
    retry: false,
  });
}

const post = <T>(url: string, body: unknown) =>
  fetchJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** One job's whole stored string, fetched only when asked for (lists carry a preview). */
export function useJobPayload(source: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.queuesJobPayload(source, id),
    queryFn: () =>
      fetchJson<{ id: string; bytes: number; raw: string }>(
        `/api/queues/jobs/payload?${new URLSearchParams({ source, id })}`,
      ),
    enabled,
    retry: false,
    staleTime: Infinity,
  });
}

/**
 * Retry now or delete one job; `id` is the row's id (where the job was and a
 * digest of its exact stored string), and the server removes exactly that
 * string. Figures refresh at once; the job list does not, so the card keeps
 * showing what happened until the admin refreshes or pages on.
 */
export function useJobAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: "retry" | "delete"; source: string; id: string }) =>
      post<{ message: string }>("/api/queues/jobs/action", input),
    onSettled: () =>
      client.invalidateQueries({ queryKey: queryKeys.queues(), predicate: (q) => q.queryKey[1] !== "jobs" }),
  });
}

export function useBulkAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: BulkActionInput) => post<{ message: string; count: number }>("/api/queues/bulk", input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.queues() }),
  });
}
