"use client";

import { useQuery } from "@tanstack/react-query";
import type { Overview } from "@/lib/overview/get-overview";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

export type OverviewData = Omit<Overview, "counts"> & {
  counts: (Omit<NonNullable<Overview["counts"]>, "takenAt"> & { takenAt: string }) | null;
};

export function useOverview(initialData?: OverviewData) {
  return useQuery({
    queryKey: queryKeys.overview(),
    queryFn: () => fetchJson<OverviewData>("/api/overview"),
    refetchInterval: POLL.health,
    initialData,
  });
}
