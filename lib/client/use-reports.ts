"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TriageFigures } from "@/lib/reports/figures";
import type { ReportQueue } from "@/lib/reports/queue";
import type { ReportPage } from "@/lib/reports/report-page";
import type { BulkAction, BulkResult } from "@/lib/shared/report-actions";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** One page of the triage queue; other moderators act meanwhile, so it polls. */
export function useReportQueue(params: Record<string, string>, initialData?: ReportQueue) {
  return useQuery({
    queryKey: queryKeys.reportsQueue(params),
    queryFn: () => fetchJson<ReportQueue>(`/api/reports?${query(params)}`),
    placeholderData: keepPreviousData,
    refetchInterval: POLL.slow,
    initialData,
  });
}

export function useReport(id: string, initialData?: ReportPage) {
  return useQuery({
    queryKey: queryKeys.report(id),
    queryFn: () => fetchJson<ReportPage>(`/api/reports/${encodeURIComponent(id)}`),
    refetchInterval: POLL.slow,
    initialData,
  });
}

export function useTriageFigures() {
  return useQuery({
    queryKey: queryKeys.reportsFigures(),
    queryFn: () => fetchJson<TriageFigures>("/api/reports/figures"),
    refetchInterval: POLL.slow,
  });
}

// The bulk endpoint's contract is the actions' own (lib/shared/report-actions.ts).
export type { BulkAction as BulkReportAction, BulkResult as BulkReportResult } from "@/lib/shared/report-actions";

/** Assign, unassign or resolve several reports (the actions' own endpoint); every report query is refreshed after. */
export function useBulkReportAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: BulkAction; reportIds: string[] }) =>
      fetchJson<BulkResult>("/api/reports/bulk", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.reports() }),
  });
}
