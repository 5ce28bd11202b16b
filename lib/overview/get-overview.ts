import "server-only";
import type { Staff } from "@/lib/auth/current-staff";
import type { ServiceHealth } from "@/lib/mastodon/health-area";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import type { MastodonVersion } from "@/lib/mastodon/version";
import { allows, PAGES, RULES } from "@/lib/auth/access";
import { getQueuesTile, type QueuesTile } from "@/lib/queues/tile";
import { readFederationSummary } from "@/lib/federation/subscriptions/sources";
import { canSeeRelays, readRelaysTile, type RelaysTile } from "@/lib/relays/overview-tile";
import type { ServerContext } from "@/lib/server/context";
import { getStorageTile, type StorageTile } from "@/lib/storage/tile";
import { probeStore } from "@/lib/store/store-info";
import { getActionRequired, mastodonWebBase, type ActionItem } from "./action-required";
import { latestInstanceSample, latestOrFirstSample } from "./instance-sample";
import { getSoftwareVersions, type SoftwareVersion } from "./software";

/**
 * The overview page's data: the instance, its Mastodon version, the latest
 * counts the worker sampled, and live health of every service Howdah uses.
 * Each part fails on its own, so one service being down never blanks the page.
 */
export interface Overview {
  instance: { domain: string; webDomain: string; limitedFederationMode: boolean };
  /** Where tiles link: Mastodon's web address, and Howdah's pages this viewer may open. */
  links: { mastodon: string; system: boolean; retention: boolean };
  version: MastodonVersion | null;
  versionProblem: string | null;
  counts: (Awaited<ReturnType<typeof latestInstanceSample>> & object) | null;
  countsProblem: string | null;
  health: { name: string; health: ServiceHealth }[];
  /** Sidekiq figures and backlog alerts; null for roles without view_dashboard or view_devops. */
  queues: QueuesTile | null;
  queuesProblem: string | null;
  /** Media storage from the stored rollups; null for roles without view_dashboard. */
  storage: StorageTile | null;
  storageProblem: string | null;
  /**
   * Relays and incoming traffic from the stored rollups; null without
   * manage_federation or in limited federation mode.
   */
  relays: RelaysTile | null;
  relaysProblem: string | null;
  /** Domain blocks by severity and subscription changes waiting for review; null without manage_federation. */
  federation: Awaited<ReturnType<typeof readFederationSummary>> | null;
  federationProblem: string | null;
  /** What waits for staff on Mastodon's admin (null: nothing this viewer handles). */
  actionRequired: ActionItem[] | null;
  actionRequiredProblem: string | null;
  /** Server software versions; null for roles without view_dashboard or view_devops. */
  software: SoftwareVersion[] | null;
  viewer: { acct: string; roleName: string | null };
}

export async function getOverview(context: ServerContext, staff: Staff): Promise<Overview> {
  const { config } = context;
  const seesSoftware = staff.permissions.can("view_dashboard") || staff.permissions.can("view_devops");
  const [version, counts, health, queues, storage, relays, actionRequired, software, federation] = await Promise.all([
    settle(context.mastodon.version()),
    settle(latestOrFirstSample(context)),
    probeServices(context),
    allows(RULES.viewQueueFigures, staff.permissions) ? settle(getQueuesTile(context)) : { value: null, problem: null },
    staff.permissions.can("view_dashboard") ? settle(getStorageTile(context)) : { value: null, problem: null },
    canSeeRelays(context, staff) ? settle(readRelaysTile(context)) : { value: null, problem: null },
    settle(getActionRequired(context, staff)),
    seesSoftware ? getSoftwareVersions(context) : null,
    staff.permissions.can("manage_federation")
      ? settle(readFederationSummary(context))
      : { value: null, problem: null },
  ]);
  return {
    instance: {
      domain: config.mastodon.localDomain,
      webDomain: config.mastodon.webDomain,
      limitedFederationMode: config.mastodon.limitedFederationMode,
    },
    links: {
      mastodon: mastodonWebBase(context),
      system: allows(PAGES.system.rule, staff.permissions),
      retention: allows(PAGES.retention.rule, staff.permissions),
    },
    version: version.value,
    versionProblem: version.problem,
    counts: counts.value,
    countsProblem: counts.problem,
    health,
    queues: queues.value,
    queuesProblem: queues.problem,
    storage: storage.value,
    storageProblem: storage.problem,
    relays: relays.value,
    relaysProblem: relays.problem,
    federation: federation.value,
    federationProblem: federation.problem,
    actionRequired: actionRequired.value,
    actionRequiredProblem: actionRequired.problem,
    software,
    viewer: { acct: staff.acct, roleName: staff.roleName },
  };
}

/** Every service Mastodon runs on (the gateway's probes), and Howdah's store when it is a database of its own. */
async function probeServices(context: ServerContext): Promise<{ name: string; health: ServiceHealth }[]> {
  // Howdah's store lives in Mastodon's database unless HOWDAH_DATABASE_URL points elsewhere.
  const { store: storeDb } = context.config.howdah;
  const { db: mastodonDb } = context.config.mastodon;
  const separateStore = storeDb.database !== mastodonDb.database || storeDb.host !== mastodonDb.host;
  const [services, store] = await Promise.all([
    context.mastodon.health.probeAll(),
    separateStore
      ? context
          .store()
          .then(probeStore)
          .catch((error): ServiceHealth => ({ ok: false, latencyMs: null, problem: describeServiceFailure(error) }))
      : null,
  ]);
  return store ? [...services, { name: "Howdah store", health: store }] : services;
}

async function settle<T>(promise: Promise<T>): Promise<{ value: T | null; problem: string | null }> {
  try {
    return { value: await promise, problem: null };
  } catch (error) {
    const message =
      error instanceof Error && error.name === "HowdahError" ? error.message : describeServiceFailure(error);
    return { value: null, problem: message };
  }
}
