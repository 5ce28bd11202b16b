import type { GatewayBase } from "../gateway/base";

/**
 * The instance as a whole: user and status counts, database and Redis sizes, connection targets.
 */
export function createInstanceArea(base: GatewayBase) {
  void base;
  return {};
}

export type InstanceArea = ReturnType<typeof createInstanceArea>;
