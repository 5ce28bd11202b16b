import "server-only";
import type { MastodonConnections } from "../connections";
import type { MastodonVersion } from "../version";

/**
 * What every area of the gateway is built from: the connections (private to
 * lib/mastodon) and the detected version, read once a minute. Areas bind
 * their functions to these, so features call `gateway.sidekiq.snapshot()`
 * and never hold a pool, a Redis client or a key prefix.
 */
export interface GatewayBase {
  connections: MastodonConnections;
  version(): Promise<MastodonVersion>;
}
