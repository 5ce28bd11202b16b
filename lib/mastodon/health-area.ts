import type { GatewayBase } from "./gateway/base";

/**
 * Reachability and latency of each service Howdah reads (PostgreSQL, replica, Redis, Sidekiq Redis, cache Redis).
 */
export function createHealthArea(base: GatewayBase) {
  void base;
  return {};
}

export type HealthArea = ReturnType<typeof createHealthArea>;
