import "server-only";
import { getConfig } from "@/lib/config/load-config";
import type { HowdahConfig } from "@/lib/config/types";
import { createMastodonGateway, type MastodonGateway } from "@/lib/mastodon/gateway";
import { withService } from "@/lib/mastodon/service-errors";
import { createStore, type Store } from "@/lib/store/connection";
import { migrateStore } from "@/lib/store/migrate";

/**
 * Everything a request or a job needs, built once per process: the parsed
 * configuration, the gateway to Mastodon, and Howdah's store (migrated
 * before first use).
 */
export interface ServerContext {
  config: HowdahConfig;
  mastodon: MastodonGateway;
  /** Resolves once the store's migrations have been applied. */
  store(): Promise<Store>;
  close(): Promise<void>;
}

export function createServerContext(config: HowdahConfig): ServerContext {
  const mastodon = createMastodonGateway(config);
  const store = createStore(config);
  let ready: Promise<Store> | null = null;

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
