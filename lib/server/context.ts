import { getConfig } from "@/lib/config/load-config";
import type { HowdahConfig } from "@/lib/config/types";
import { createMastodonConnections, type MastodonConnections } from "@/lib/mastodon/connections";
import { withService } from "@/lib/mastodon/service-errors";
import { detectMastodonVersion, type MastodonVersion } from "@/lib/mastodon/version";
import { createStore, type Store } from "@/lib/store/connection";
import { migrateStore } from "@/lib/store/migrate";

/**
 * Everything a request or a job needs, built once per process: the parsed
 * configuration, connections to Mastodon, Howdah's store (migrated before
 * first use) and the detected Mastodon version (re-read every minute, so an
 * upgrade of Mastodon is noticed without restarting Howdah).
 */
export interface ServerContext {
  config: HowdahConfig;
  mastodon: MastodonConnections;
  /** Resolves once the store's migrations have been applied. */
  store(): Promise<Store>;
  version(): Promise<MastodonVersion>;
  close(): Promise<void>;
}

const VERSION_TTL_MS = 60_000;

export function createServerContext(config: HowdahConfig): ServerContext {
  const mastodon = createMastodonConnections(config);
  const store = createStore(config);
  let ready: Promise<Store> | null = null;
  let version: { value: MastodonVersion; at: number } | null = null;

  return {
    config,
    mastodon,
    store() {
      // Retried on the next call after a failure, so a database that was down
      // at start-up is migrated as soon as it comes back.
      ready ??= withService("Howdah store", () => migrateStore(store.pool)).then(
        () => store,
        (error) => {
          ready = null;
          throw error;
        },
      );
      return ready;
    },
    async version() {
      if (version && Date.now() - version.at < VERSION_TTL_MS) return version.value;
      const value = await withService("PostgreSQL", () => detectMastodonVersion(mastodon.db));
      version = { value, at: Date.now() };
      return value;
    },
    async close() {
      await Promise.all([mastodon.close(), store.close()]);
    },
  };
}

// One context per process; kept on globalThis so Next's dev reloads reuse it.
const holder = globalThis as unknown as { __howdahContext?: ServerContext };

export function getServerContext(): ServerContext {
  holder.__howdahContext ??= createServerContext(getConfig());
  return holder.__howdahContext;
}
