import { describe, expect, it } from "vitest";
import { PERMISSION_BITS, Permissions } from "@/lib/auth/permissions";
import type { Staff } from "@/lib/auth/current-staff";
import { visibleActionItems } from "./action-required";

const staff = (...names: (keyof typeof PERMISSION_BITS)[]): Staff => ({
  userId: "1",
  accountId: "1",
  acct: "someone",
  displayName: "",
  roleName: null,
  permissions: Permissions.fromBits(names.reduce((bits, n) => bits | PERMISSION_BITS[n], 0)),
});

describe("who sees which action-required item", () => {
  it("shows all four to those who see Mastodon's dashboard, as its dashboard does", () => {
    expect(visibleActionItems(staff("view_dashboard")).map((i) => i.key)).toEqual([
      "pendingUsers",
      "openReports",
      "pendingAppeals",
      "pendingTags",
    ]);
  });

  it("shows a moderator without the dashboard only what their permissions handle, and links to where", () => {
    const items = visibleActionItems(staff("manage_reports", "manage_appeals"));
    expect(items.map((i) => [i.key, i.path])).toEqual([
      ["openReports", "/admin/reports"],
      ["pendingAppeals", "/admin/disputes/appeals?status=pending"],
    ]);
    expect(visibleActionItems(staff("view_audit_log"))).toEqual([]);
  });
});
