import type { GatewayBase } from "../gateway/base";

/**
 * Staff as Mastodon knows them: users, roles and permissions, login state, second factor.
 */
export function createStaffArea(base: GatewayBase) {
  void base;
  return {};
}

export type StaffArea = ReturnType<typeof createStaffArea>;
