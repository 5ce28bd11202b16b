"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AlertSettingsRequest } from "@/lib/queues/alert-settings";
import type { AlertsView } from "@/lib/queues/alerts-view";
import type { Breakdown } from "@/lib/queues/breakdown";
import type { HistoryRange, QueueHistory } from "@/lib/queues/history";
import type { DailyHistory, DailyRange, JobMetrics, MetricPeriod } from "@/lib/queues/sidekiq-stats";
import type { QueuesSummary } from "@/lib/queues/summary";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

/** Live queue figures and processes: every 5 s while the tab is visible. */
export function useQueuesSummary(initialData?: QueuesSummary) {
  return useQuery({
    queryKey: queryKeys.queuesSummary(),
    queryFn: () => fetchJson<QueuesSummary>("/api/queues"),
    refetchInterval: POLL.live,
    initialData,
  });
}

/** History for a range; the short ranges follow the worker's 10-s samples. */
export function useQueuesHistory(range: HistoryRange) {
  return useQuery({
    queryKey: queryKeys.queuesHistory(range),
    queryFn: () => fetchJson<QueueHistory>(`/api/queues/history?range=${range}`),
    refetchInterval: range === "1h" || range === "24h" ? POLL.health : POLL.slow,
    placeholderData: keepPreviousData,
  });
}

/** Sidekiq's own daily counters: they change once a heartbeat, so a minute is fresh enough. */
export function useDailyHistory(range: DailyRange) {
  return useQuery({
    queryKey: queryKeys.queuesDaily(range),
    queryFn: () => fetchJson<DailyHistory>(`/api/queues/history/daily?range=${range}`),
    refetchInterval: POLL.slow,
    placeholderData: keepPreviousData,
  });
}

/** Per-class execution metrics (Sidekiq 7+), flushed by Sidekiq about once a minute. */
export function useJobMetrics(period: MetricPeriod) {
  return useQuery({
    queryKey: queryKeys.queuesMetrics(period),
    queryFn: () => fetchJson<JobMetrics & { format: string }>(`/api/queues/metrics?period=${period}`),
    refetchInterval: POLL.slow,
    placeholderData: keepPreviousData,
  });
}

export function useQueueAlerts() {
  return useQuery({
    queryKey: queryKeys.queuesAlerts(),
    queryFn: () => fetchJson<AlertsView>("/api/queues/alerts"),
    refetchInterval: POLL.health,
  });
}

/** What a queue or set is made of (a bounded sample); refreshed on demand and every minute. */
export function useQueueBreakdown(source: string | null) {
  return useQuery({
    queryKey: queryKeys.queuesBreakdown(source ?? ""),
    queryFn: () => fetchJson<Breakdown>(`/api/queues/breakdown?source=${encodeURIComponent(source ?? "")}`),
    enabled: source !== null,
    refetchInterval: POLL.slow,
    placeholderData: keepPreviousData,
  });
}

export function useSaveAlertSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AlertSettingsRequest) =>
      fetchJson<AlertsView & { changed: boolean; message: string }>("/api/queues/alerts", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      }),
    onSuccess: (view) => {
      client.setQueryData(queryKeys.queuesAlerts(), view);
      void client.invalidateQueries({ queryKey: queryKeys.queuesSummary() });
    },
  });
}
