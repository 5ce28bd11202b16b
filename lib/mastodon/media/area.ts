import type { GatewayBase } from "../gateway/base";

/**
 * Mastodon's stored files: counts and bytes by kind and origin, by id range, per domain; retention settings as media reads them.
 */
export function createMediaArea(base: GatewayBase) {
  void base;
  return {};
}

export type MediaArea = ReturnType<typeof createMediaArea>;
