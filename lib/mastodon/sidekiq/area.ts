import type { GatewayBase } from "../gateway/base";

/**
 * Sidekiq as Mastodon runs it: the live snapshot, job windows and job actions, breakdowns, processes.
 */
export function createSidekiqArea(base: GatewayBase) {
  void base;
  return {};
}

export type SidekiqArea = ReturnType<typeof createSidekiqArea>;
