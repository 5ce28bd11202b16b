import "server-only";
import type { HowdahConfig } from "@/lib/config/types";
import { createMastodonConnections, warmConnections } from "../connections";
import { withService } from "../service-errors";
import { detectMastodonVersion, type MastodonVersion } from "../version";
import { createFederationArea, type FederationArea } from "../federation/area";
import { createHealthArea, type HealthArea } from "../health-area";
import { createInstanceArea, type InstanceArea } from "../instance/area";
import { createMediaArea, type MediaArea } from "../media/area";
import { createRelaysArea, type RelaysArea } from "../relays/area";
import { createReportActionsArea, type ReportActionsArea } from "../reports/actions-area";
import { createReportsArea, type ReportsArea } from "../reports/area";
import { createRetentionArea, type RetentionArea } from "../retention/area";
import { createSidekiqArea, type SidekiqArea } from "../sidekiq/area";
import { createStaffArea, type StaffArea } from "../staff/area";
import type { GatewayBase } from "./base";

/**
 * THE GATEWAY: the only holder of Mastodon's pools and Redis clients, its key
 * prefix, the detected version and the naming of outages. Built once per
 * process from the configuration (lib/server/context.ts). Features reach
 * Mastodon only through the verb-first functions of its areas.
 */
export interface MastodonGateway {
  /** Mastodon's release and Sidekiq format, re-read every minute so an upgrade is noticed without a restart. */
  version(): Promise<MastodonVersion>;
  /** True when heavy reads go to a read replica. */
  readonly hasReplica: boolean;
  readonly sidekiq: SidekiqArea;
  readonly health: HealthArea;
  readonly media: MediaArea;
  readonly relays: RelaysArea;
  readonly instance: InstanceArea;
  readonly staff: StaffArea;
  /**
   * Opens connections before the first request needs them: `connections`
   * pool clients on the primary and the replica (TCP, TLS, authentication,
   * session settings), and every Redis client. Resolves with what could not
   * be reached, never rejects: a service that is down is reported by pages.
   */
  warm(connections?: number): Promise<string[]>;
  readonly federation: FederationArea;
  /** Mastodon's retention settings, the vacuum's schedule traces, and enqueueing it. */
  readonly retention: RetentionArea;
  /** Report triage's writes: assign, resolve, notes, account and status actions, behind a state token. */
  readonly reportActions: ReportActionsArea;
  /** Reports: the triage queue, one report with its context and history, the triage figures. */
  readonly reports: ReportsArea;
  close(): Promise<void>;
}

const VERSION_TTL_MS = 60_000;

export function createMastodonGateway(config: HowdahConfig): MastodonGateway {
  const connections = createMastodonConnections(config);
  let cached: { value: MastodonVersion; at: number } | null = null;
  const base: GatewayBase = {
    connections,
    async version() {
      if (cached && Date.now() - cached.at < VERSION_TTL_MS) return cached.value;
      const value = await withService("PostgreSQL", () => detectMastodonVersion(connections.db));
      cached = { value, at: Date.now() };
      return value;
    },
  };
  return {
    version: base.version,
    hasReplica: connections.hasReplica,
    sidekiq: createSidekiqArea(base),
    health: createHealthArea(base),
    media: createMediaArea(base),
    relays: createRelaysArea(base),
    instance: createInstanceArea(base),
    staff: createStaffArea(base),
    warm: (count = 2) => warmConnections(connections, count),
    federation: createFederationArea(base),
    retention: createRetentionArea(base),
    reportActions: createReportActionsArea(base),
    reports: createReportsArea(base),
    close: () => connections.close(),
  };
}
