"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RelayLoad } from "@/lib/relays/live-load";
import type { RelayList } from "@/lib/relays/list";
import type { RelayActionInput, RelayActionResult } from "@/lib/relays/manage";
import type { RelayTraffic, TrafficRange } from "@/lib/relays/traffic";
import { fetchJson } from "./fetch-json";
import { POLL, queryKeys } from "./query-keys";

/** The relays with their state and delivery health; the relay's Accept can arrive any time. */
export function useRelays(initialData?: RelayList) {
  return useQuery({
    queryKey: queryKeys.relaysList(),
    queryFn: () => fetchJson<RelayList>("/api/relays"),
    refetchInterval: POLL.health,
    initialData,
  });
}

/** Incoming traffic from the rollups, which the worker refreshes every few minutes. */
export function useRelayTraffic(range: TrafficRange, initialData?: RelayTraffic) {
  return useQuery({
    queryKey: queryKeys.relaysTraffic(range),
    queryFn: () => fetchJson<RelayTraffic>(`/api/relays/traffic?range=${range}`),
    refetchInterval: POLL.slow,
    placeholderData: keepPreviousData,
    initialData: initialData?.range === range ? initialData : undefined,
  });
}

/** Live relay share of the ingress and push backlogs (a bounded sample each time). */
export function useRelayLoad() {
  return useQuery({
    queryKey: queryKeys.relaysLoad(),
    queryFn: () => fetchJson<RelayLoad>("/api/relays/load"),
    refetchInterval: POLL.health,
  });
}

const post = <T>(url: string, body: unknown) =>
  fetchJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Add a relay; everything relay-related refreshes afterwards, refused or not. */
export function useAddRelay() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (inboxUrl: string) => post<RelayActionResult>("/api/relays", { inboxUrl }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.relays() }),
  });
}

/** Enable, disable or remove; a relay another admin removed meanwhile disappears from the list on refresh. */
export function useRelayAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RelayActionInput) => post<RelayActionResult>("/api/relays/action", input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.relays() }),
  });
}
