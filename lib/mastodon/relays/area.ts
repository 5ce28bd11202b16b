import type { GatewayBase } from "../gateway/base";

/**
 * Relays: rows, actors, delivery health, queue load, traffic counts, and the relay writes.
 */
export function createRelaysArea(base: GatewayBase) {
  void base;
  return {};
}

export type RelaysArea = ReturnType<typeof createRelaysArea>;
