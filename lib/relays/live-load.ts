import "server-only";
import type { QueueSample } from "@/lib/mastodon/relays/area";
import type { ServerContext } from "@/lib/server/context";
import { assertRelaysAvailable } from "./availability";

/**
 * Live relay load: the share of the ingress backlog signed by a relay actor,
 * and the push jobs addressed to relay inboxes, each from a bounded sample
 * (at most `sampleLimit` jobs per queue). Every relay
 * counts, whatever its state: a relay that was just disabled may still have
 * deliveries waiting.
 */
export interface QueueLoad {
  queue: "ingress" | "push";
  size: number;
  sampled: number;
  /** Sampled jobs of ProcessingWorker (ingress) or DeliveryWorker (push). */
  ofClass: number;
  relayJobs: number;
  /** relayJobs / sampled (0 when nothing was sampled). */
  share: number;
  /** share × size: the backlog this suggests is relay traffic. */
  estimatedRelayJobs: number;
  perRelay: { relayId: string; inboxUrl: string; jobs: number }[];
}

export interface RelayLoad {
  sampledAt: string;
  sampleLimit: number;
  relayActors: number;
  ingress: QueueLoad;
  push: QueueLoad;
}

export async function getRelayLoad(context: ServerContext): Promise<RelayLoad> {
  assertRelaysAvailable(context);
  const area = context.mastodon.relays;
  const relays = await area.list();
  const actors = await area.findActors(relays);
  const actorToRelay = new Map(actors.map((a) => [a.accountId, a.relayId]));
  const inboxToRelay = new Map(relays.map((r) => [r.inboxUrl, r.id]));
  const { ingress, push } = await area.sampleQueues(actorToRelay, inboxToRelay);
  const shape = (s: QueueSample): QueueLoad => {
    const relayJobs = [...s.byRelay.values()].reduce((a, b) => a + b, 0);
    const share = s.sampled ? relayJobs / s.sampled : 0;
    return {
      queue: s.queue as QueueLoad["queue"],
      size: s.size,
      sampled: s.sampled,
      ofClass: s.ofClass,
      relayJobs,
      share,
      estimatedRelayJobs: Math.round(share * s.size),
      perRelay: relays
        .map((r) => ({ relayId: r.id, inboxUrl: r.inboxUrl, jobs: s.byRelay.get(r.id) ?? 0 }))
        .filter((r) => r.jobs > 0),
    };
  };
  return {
    sampledAt: new Date().toISOString(),
    sampleLimit: area.queueSampleLimit,
    relayActors: actors.length,
    ingress: shape(ingress),
    push: shape(push),
  };
}
