"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ActionKey, ReportActionResult, ReportActionsView } from "@/lib/shared/report-actions";
import { fetchJson } from "./fetch-json";

/**
 * The report page's action panel: what may be done now (with the state
 * token) and doing it. Keys start with "reports", so an action refreshes
 * every report query on the page (the queue, the report, this panel).
 */
const REPORTS = ["reports"] as const;
export const reportActionsKey = (reportId: string) => ["reports", "actions", reportId] as const;

export function useReportActions(reportId: string) {
  return useQuery({
    queryKey: reportActionsKey(reportId),
    queryFn: () => fetchJson<ReportActionsView>(`/api/reports/${encodeURIComponent(reportId)}/actions`),
  });
}

export interface ReportActionRequest {
  token: string;
  action: Exclude<ActionKey, "warning_preset">;
  text?: string;
  notify?: boolean;
  content?: string;
  then?: "none" | "resolve" | "reopen";
}

export function useReportAction(reportId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportActionRequest) =>
      fetchJson<ReportActionResult>(`/api/reports/${encodeURIComponent(reportId)}/actions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    // Refused or not, the page refreshes: a 409 means the report changed, and the new token comes with it.
    onSettled: () => client.invalidateQueries({ queryKey: REPORTS }),
  });
}
