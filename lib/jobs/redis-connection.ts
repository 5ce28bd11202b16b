import "server-only";
import { Redis } from "ioredis";
import { ioredisOptions } from "@/lib/config/to-clients";
import type { ServerContext } from "@/lib/server/context";

/**
 * The ioredis connections BullMQ runs on (lib/jobs/worker.ts), bounded as far
 * as BullMQ allows; the gateway's own clients (lib/mastodon/connections.ts)
 * have the full set of client-side bounds, and every job reaches Mastodon and
 * the store through those, so a job's reads fail in bounded time anyway.
 *
 * What is bounded here: connecting (connectTimeout) and noticing a vanished
 * server on an idle connection (TCP keepalive). What is not, and why:
 * - maxRetriesPerRequest stays null: BullMQ requires it for the worker's
 *   connections, whose blocking reads (BZPOPMIN) must survive a reconnect,
 *   and start-up's schedule set-up waits for Redis rather than failing.
 * - no commandTimeout or socketTimeout: BullMQ duplicates the worker's
 *   connection for its blocking reads, which legitimately wait seconds for a
 *   reply; a client-side timeout would cut them. BullMQ bounds those reads
 *   itself (a watchdog at the block time plus a second resets the connection,
 *   so a frozen or partitioned Redis cannot park the worker for good).
 */
export function bullmqConnection(context: ServerContext, role: string): Redis {
  const client = new Redis({
    ...ioredisOptions(context.config.howdah.redis),
    maxRetriesPerRequest: null,
    connectTimeout: 5_000,
    keepAlive: 10_000,
    connectionName: `howdah-bullmq-${role}`,
  });
  client.on("error", () => undefined);
  return client;
}
