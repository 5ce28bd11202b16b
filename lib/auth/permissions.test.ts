import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, PERMISSION_BITS, Permissions } from "./permissions";

// Role bitmasks as Mastodon ships them (facts §9): upgraded installs and fresh ≥4.5 seeds.
const EVERYONE = 65536;
const MODERATOR_MIGRATED = 1308;
const MODERATOR_SEEDED = 1049884;
const ADMIN_MIGRATED = 983036;
const ADMIN_SEEDED = 2031612;

describe("Permissions", () => {
  it("maps each flag to Mastodon's bit position", () => {
    const names = Object.keys(PERMISSION_BITS);
    names.forEach((name, bit) => expect(PERMISSION_BITS[name as keyof typeof PERMISSION_BITS]).toBe(2 ** bit));
    expect(ALL_PERMISSIONS).toBe(8388607); // v4.6 Flags::ALL
  });

  it("tests every bit on its own", () => {
    for (const [name, bit] of Object.entries(PERMISSION_BITS)) {
      if (name === "administrator") continue;
      const p = Permissions.fromRoles(0, bit);
      expect(p.list()).toEqual([name]);
    }
  });

  it("gives an administrator role every permission", () => {
    const owner = Permissions.fromRoles(EVERYONE, 1);
    expect(owner.bits).toBe(ALL_PERMISSIONS);
    expect(owner.can("view_devops")).toBe(true);
    expect(owner.can("manage_federation")).toBe(true);
  });

  it("inherits the everyone role's bits, and a NULL role means the everyone role alone", () => {
    const member = Permissions.fromRoles(EVERYONE, null);
    expect(member.can("invite_users")).toBe(true);
    expect(member.hasAdminArea).toBe(false);
    const generousEveryone = Permissions.fromRoles(EVERYONE | PERMISSION_BITS.view_dashboard, null);
    expect(generousEveryone.can("view_dashboard")).toBe(true);
    expect(generousEveryone.hasAdminArea).toBe(true);
  });

  it("reads migrated and seeded moderator and admin roles by their bits", () => {
    for (const bits of [MODERATOR_MIGRATED, MODERATOR_SEEDED]) {
      const mod = Permissions.fromRoles(EVERYONE, bits);
      expect(mod.can("manage_reports")).toBe(true);
      expect(mod.can("view_dashboard")).toBe(true);
      expect(mod.can("view_devops")).toBe(false);
      expect(mod.can("manage_federation")).toBe(false);
      expect(mod.hasAdminArea).toBe(true);
    }
    for (const bits of [ADMIN_MIGRATED, ADMIN_SEEDED]) {
      const admin = Permissions.fromRoles(EVERYONE, bits);
      // Mastodon keeps Sidekiq and PgHero (view_devops) for the Owner's
      // administrator bit: the default Admin role does not have it.
      expect(admin.can("view_devops")).toBe(false);
      expect(admin.can("manage_federation")).toBe(true);
      expect(admin.can("manage_settings")).toBe(true);
      expect(admin.can("administrator")).toBe(false);
    }
  });

  it("accepts int8 values as Postgres returns them (strings) and ignores unknown high bits", () => {
    const p = Permissions.fromRoles("65536", String(2 ** 40 + 16));
    expect(p.can("manage_reports")).toBe(true);
    expect(p.bits).toBe(65536 + 16);
  });

  it("does not treat the member-only bits as admin access", () => {
    const p = Permissions.fromRoles(EVERYONE | PERMISSION_BITS.invite_bypass_approval, null);
    expect(p.hasAdminArea).toBe(false);
  });
});
