import "server-only";
import type { GatewayBase } from "../gateway/base";
import { asServiceError, withService, type ServiceName } from "../service-errors";
import { readDeliveryHealth, type DeliveryHealth } from "./delivery-health";
import { SAMPLE, sampleIngress, samplePush, type QueueSample } from "./queue-load";
import { findRelayActors, type RelayActor } from "./relay-actors";
import { readRelayCreations, readRelayLog, relayActionsLogged, type RelayLogEntry } from "./relay-log";
import { countRelaysByState, listRelayRows, type RelayRow, type RelayState } from "./relay-rows";
import {
  createRelay,
  destroyRelay,
  disableRelay,
  enableRelay,
  type RelayWriteDeps,
  type RelayWriteResult,
} from "./relay-writes";
import { countTraffic, type TrafficCount } from "./traffic-sql";

export type { DeliveryHealth } from "./delivery-health";
export type { QueueSample } from "./queue-load";
export type { RelayActor } from "./relay-actors";
export type { RelayLogEntry } from "./relay-log";
export type { RelayRow, RelayState } from "./relay-rows";
export type { RelayWriteResult } from "./relay-writes";
export type { TrafficCount } from "./traffic-sql";

/** The site's names Mastodon builds relay activities and cache keys with (from the configuration). */
export interface RelaySite {
  /** WEB_DOMAIN (defaults to LOCAL_DOMAIN). */
  webDomain: string;
  localDomain: string;
  /** REDIS_NAMESPACE (4.3). */
  redisNamespace: string | null;
}

/** The staff member acting: their Mastodon account. */
export interface RelayWriter {
  accountId: string;
}

/**
 * Relays: rows, actors, delivery health, queue load, traffic counts, and the relay writes.
 */
export function createRelaysArea(base: GatewayBase) {
  const c = base.connections;
  const replica: ServiceName = c.hasReplica ? "PostgreSQL replica" : "PostgreSQL";
  const deps = async (site: RelaySite): Promise<RelayWriteDeps> => ({
    mastodon: c,
    version: await base.version(),
    webDomain: site.webDomain,
    localDomain: site.localDomain,
    redisNamespace: site.redisNamespace,
  });
  const write = async (
    site: RelaySite,
    run: (deps: RelayWriteDeps) => Promise<RelayWriteResult>,
  ): Promise<RelayWriteResult> => {
    const ready = await deps(site);
    return withService("PostgreSQL", () => run(ready));
  };
  return {
    /** Every relay, oldest first, from the primary. */
    list(): Promise<RelayRow[]> {
      return withService("PostgreSQL", () => listRelayRows(c.db));
    },
    /** The remote accounts the relays sign their deliveries with. */
    findActors(relays: RelayRow[]): Promise<RelayActor[]> {
      return withService("PostgreSQL", () => findRelayActors(c.db, relays));
    },
    /** The delivery failure tracker of each host (failure days, unavailable since). */
    readDeliveryHealth(hosts: string[]): Promise<Map<string, DeliveryHealth>> {
      return withService("Redis", () => readDeliveryHealth(c.db, c.redis, c.keyPrefix, hosts));
    },
    /** Whether this Mastodon writes admin_action_logs rows for relay actions (4.4 and later). */
    async logsRelayActions(): Promise<boolean> {
      return relayActionsLogged((await base.version()).release);
    },
    /** Relays by state, on the replica when there is one. */
    countByState(): Promise<Record<RelayState, number>> {
      return withService(replica, () => countRelaysByState(c.readDb));
    },
    /** At most this many jobs are sampled per queue by sampleQueues. */
    queueSampleLimit: SAMPLE.windows * SAMPLE.windowSize,
    /**
     * A bounded sample of the ingress queue (jobs signed by a relay actor:
     * `actorToRelay` maps account id → relay id) and the push queue
     * (deliveries to a relay inbox: `inboxToRelay` maps inbox URL → relay id).
     */
    async sampleQueues(
      actorToRelay: Map<string, string>,
      inboxToRelay: Map<string, string>,
    ): Promise<{ ingress: QueueSample; push: QueueSample }> {
      const [ingress, push] = await withService("Sidekiq Redis", () =>
        Promise.all([
          sampleIngress(c.sidekiqRedis, c.keyPrefix, actorToRelay),
          samplePush(c.sidekiqRedis, c.keyPrefix, inboxToRelay),
        ]),
      );
      return { ingress, push };
    },
    /**
     * Incoming remote posts that arrived in [fromMs, toMs), per hour and
     * origin domain, on the replica when there is one. Null when the
     * statement timeout cancelled the count, so the caller can retry a
     * narrower range; other failures name the service.
     */
    async countTraffic(fromMs: number, toMs: number): Promise<TrafficCount[] | null> {
      try {
        return await countTraffic(c.readDb, fromMs, toMs);
      } catch (error) {
        if ((error as { code?: string }).code === "57014") return null;
        throw asServiceError(replica, error);
      }
    },
    /**
     * What Mastodon recorded about relays since `fromMs`: its relay action
     * log (4.4+) and every relay row's creation time.
     */
    async readHistory(
      fromMs: number,
    ): Promise<{ log: RelayLogEntry[]; relays: { id: string; inboxUrl: string; createdAt: Date }[] }> {
      const from = new Date(fromMs).toISOString();
      const [log, relays] = await withService("PostgreSQL", () =>
        Promise.all([readRelayLog(c.readDb, from), readRelayCreations(c.readDb)]),
      );
      return { log, relays };
    },
    /** Adds a relay and sends its Follow, as Admin::RelaysController#create does. */
    create(site: RelaySite, actor: RelayWriter, inboxUrl: string): Promise<RelayWriteResult> {
      return write(site, (d) => createRelay(d, actor, inboxUrl));
    },
    enable(site: RelaySite, actor: RelayWriter, relayId: string): Promise<RelayWriteResult> {
      return write(site, (d) => enableRelay(d, actor, relayId));
    },
    disable(site: RelaySite, actor: RelayWriter, relayId: string): Promise<RelayWriteResult> {
      return write(site, (d) => disableRelay(d, actor, relayId));
    },
    destroy(site: RelaySite, actor: RelayWriter, relayId: string): Promise<RelayWriteResult> {
      return write(site, (d) => destroyRelay(d, actor, relayId));
    },
  };
}

export type RelaysArea = ReturnType<typeof createRelaysArea>;
