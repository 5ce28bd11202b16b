import "server-only";
/**
 * Mastodon's role permissions (app/models/user_role.rb FLAGS), as named
 * predicates. Effective permissions are the everyone role's bits OR the
 * user's role bits, and bit 0 (administrator) grants everything (facts §9).
 * Always test bits, never role names: admins rename and re-bit roles.
 */
export const PERMISSION_BITS = {
  administrator: 1 << 0,
  view_devops: 1 << 1,
  view_audit_log: 1 << 2,
  view_dashboard: 1 << 3,
  manage_reports: 1 << 4,
  manage_federation: 1 << 5,
  manage_settings: 1 << 6,
  manage_blocks: 1 << 7,
  manage_taxonomies: 1 << 8,
  manage_appeals: 1 << 9,
  manage_users: 1 << 10,
  manage_invites: 1 << 11,
  manage_rules: 1 << 12,
  manage_announcements: 1 << 13,
  manage_custom_emojis: 1 << 14,
  manage_webhooks: 1 << 15,
  invite_users: 1 << 16,
  manage_roles: 1 << 17,
  manage_user_access: 1 << 18,
  delete_user_data: 1 << 19,
  view_feeds: 1 << 20,
  invite_bypass_approval: 1 << 21,
  manage_email_subscriptions: 1 << 22,
} as const;

export type Permission = keyof typeof PERMISSION_BITS;

/** Every flag Howdah knows (v4.6's Flags::ALL). */
export const ALL_PERMISSIONS = Object.values(PERMISSION_BITS).reduce((a, b) => a | b, 0);

/**
 * Bits that do not open Mastodon's admin area: what the everyone role may hold
 * (v4.6 Flags::SAFE). Someone with only these is an ordinary member.
 */
const MEMBER_BITS = PERMISSION_BITS.invite_users | PERMISSION_BITS.invite_bypass_approval;

/** A resolved set of permissions. Bitmasks are int8 in the database; all known bits fit in 23 bits. */
export class Permissions {
  private constructor(readonly bits: number) {}

  static fromRoles(everyoneBits: number | bigint | string, roleBits: number | bigint | string | null): Permissions {
    const combined = Number((BigInt(everyoneBits) | BigInt(roleBits ?? 0)) & 0x7fffffffn);
    if (combined & PERMISSION_BITS.administrator) return new Permissions(ALL_PERMISSIONS);
    return new Permissions(combined & ALL_PERMISSIONS);
  }

  static fromBits(bits: number): Permissions {
    return new Permissions(bits & ALL_PERMISSIONS);
  }

  can(permission: Permission): boolean {
    return (this.bits & PERMISSION_BITS[permission]) !== 0;
  }

  /** Whether any permission opens an admin or moderation page. */
  get hasAdminArea(): boolean {
    return (this.bits & ~MEMBER_BITS) !== 0;
  }

  list(): Permission[] {
    return (Object.keys(PERMISSION_BITS) as Permission[]).filter((p) => this.can(p));
  }
}
