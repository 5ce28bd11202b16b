import type { Staff } from "@/lib/auth/current-staff";
import { Permissions } from "@/lib/auth/permissions";

/** The signed-in owner the suites and drivers call page functions as (role Owner: every permission). */
export const BENCH_OWNER: Staff = {
  userId: "1",
  accountId: "1",
  acct: "bench",
  displayName: "bench",
  roleName: "Owner",
  permissions: Permissions.fromRoles(0, 1),
};
