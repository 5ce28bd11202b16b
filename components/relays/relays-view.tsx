"use client";

import { Notice } from "@/components/ui/notice";
import { useRelays } from "@/lib/client/use-relays";
import type { RelayList as List } from "@/lib/relays/list";
import type { RelayTraffic } from "@/lib/relays/traffic";
import { LiveLoadCard } from "./live-load-card";
import { MethodNotes } from "./method-notes";
import { RelayList } from "./relay-list";
import { TrafficSection } from "./traffic-section";

/** The Relays page: the relays as Mastodon manages them, and what they bring in and cost. */
export function RelaysView({
  initialList,
  initialTraffic,
  problem,
}: {
  initialList?: List;
  initialTraffic?: RelayTraffic;
  problem: string | null;
}) {
  const { data: list, error } = useRelays(initialList);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Relays</h1>
        <p className="text-sm text-muted">
          A relay exchanges public posts between the servers subscribed to it: it can fill a quiet federated timeline,
          and it brings work for Sidekiq and media for the cache. This page manages relays as Mastodon&apos;s own admin
          does and shows what they bring in.
        </p>
      </div>
      {problem ? <Notice tone="bad">{problem}</Notice> : null}
      {error ? <Notice tone="warn">Could not refresh the relays: {error.message}</Notice> : null}
      <div className="grid gap-4 xl:grid-cols-3">
        <div className="xl:col-span-2">{list ? <RelayList list={list} /> : null}</div>
        <LiveLoadCard />
      </div>
      <TrafficSection initial={initialTraffic} />
      <MethodNotes mastodonLogsRelayActions={list?.mastodonLogsRelayActions ?? true} />
    </div>
  );
}
