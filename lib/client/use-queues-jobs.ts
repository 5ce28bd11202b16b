"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BulkActionInput, JobActionName } from "@/lib/queues/actions";
import type { JobPage } from "@/lib/queues/jobs";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

export interface JobListParams {
  source: string;
  offset: number;
  limit: number;
  class: string;
  /** Search in the stored strings; "" for none. */
  q: string;
  reverse: boolean;
}

/**
 * One page of jobs, refreshed every 5 s while the tab is visible, so a job
 * Sidekiq has run, retried or moved leaves the page (and its actions with
 * it) instead of offering an action that would fail. Rows are keyed by their
 * id, so the ones that stay do not re-render as new.
 */
export function useQueueJobs(params: JobListParams, enabled = true) {
  const search = new URLSearchParams({
    source: params.source,
    offset: String(params.offset),
    limit: String(params.limit),
    reverse: params.reverse ? "1" : "0",
  });
  if (params.class) search.set("class", params.class);
  if (params.q) search.set("q", params.q);
  return useQuery({
    queryKey: queryKeys.queuesJobs(params),
    queryFn: () => fetchJson<JobPage>(`/api/queues/jobs?${search}`),
    placeholderData: keepPreviousData,
    refetchInterval: POLL.live,
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

/** Every queue figure and list refetches after an action, so counts and lists agree with what it did. */
const refreshQueues = (client: ReturnType<typeof useQueryClient>) =>
  client.invalidateQueries({
    queryKey: queryKeys.queues(),
    predicate: (q) => !(q.queryKey[1] === "jobs" && q.queryKey[2] === "payload"),
  });

/**
 * Retry now, enqueue now, kill or delete one job; `id` is the row's id (where
 * the job was and a digest of its exact stored string), and the server moves
 * exactly that string (409 when it is gone). Lists and figures refresh after.
 */
export function useJobAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: JobActionName; source: string; id: string }) =>
      post<{ message: string }>("/api/queues/jobs/action", input),
    onSettled: () => refreshQueues(client),
  });
}

export interface JobsActionResult {
  message: string;
  done: number;
  gone: number;
  doneIds: string[];
  goneIds: string[];
}

/** The same action on several picked jobs of one list. */
export function useJobsAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: JobActionName; source: string; ids: string[] }) =>
      post<JobsActionResult>("/api/queues/jobs/selection", input),
    onSettled: () => refreshQueues(client),
  });
}

/** Quiet or stop a Sidekiq process. */
export function useProcessSignal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { identity: string; action: "quiet" | "stop" }) =>
      post<{ message: string }>("/api/queues/processes", input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.queuesSummary() }),
  });
}

export function useBulkAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: BulkActionInput) => post<{ message: string; count: number }>("/api/queues/bulk", input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.queues() }),
  });
}
