import { createMastodonConnections, type MastodonConnections } from "@/lib/mastodon/connections";
import type { ServerContext } from "@/lib/server/context";

/**
 * Connections of their own to a context's Mastodon database and Redis, for
 * tooling that arranges data or measures the naive way (tests, bench): the
 * product reaches Mastodon only through the gateway, which hands out none.
 * Built once per context and closed with it.
 */
const cache = new WeakMap<ServerContext, MastodonConnections>();

export function rawConnections(context: ServerContext): MastodonConnections {
  const existing = cache.get(context);
  if (existing) return existing;
  const raw = createMastodonConnections(context.config);
  cache.set(context, raw);
  const closeContext = context.close.bind(context);
  context.close = async () => {
    await Promise.all([closeContext(), raw.close()]);
  };
  return raw;
}
