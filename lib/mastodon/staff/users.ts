import "server-only";
import type pg from "pg";
import { Permissions } from "@/lib/auth/permissions";

/**
 * A Mastodon user as sign-in and every permission check need them: the
 * login state columns, the role bitmask resolved against the everyone role
 * (id -99; users.role_id NULL means that role), and the 2FA state.
 */
export interface MastodonUserRecord {
  userId: string;
  accountId: string;
  acct: string;
  displayName: string;
  encryptedPassword: string;
  confirmed: boolean;
  approved: boolean;
  disabled: boolean;
  suspended: boolean;
  memorial: boolean;
  moved: boolean;
  otpRequired: boolean;
  /** users.otp_secret (Active Record encrypted envelope), null when unset. */
  otpSecret: string | null;
  /** users.consumed_timestep: the last TOTP step Mastodon itself accepted. */
  consumedTimestep: number | null;
  hasWebauthn: boolean;
  /** v4.6 user_roles.require_2fa on the user's role; false before 4.6. */
  roleRequires2fa: boolean;
  /** users.role_id; null means the everyone role. A change ends Howdah's sessions (lib/auth/sessions.ts). */
  roleId: string | null;
  roleName: string | null;
  permissions: Permissions;
}

// Mastodon's `UserRole.everyone` creates the -99 row with invite_users when
// it is missing; Howdah reads the same default rather than writing it.
const EVERYONE_DEFAULT_BITS = 65536;

// to_jsonb(r) ->> 'require_2fa' reads the v4.6 column when it exists and
// yields NULL before, so one statement serves every supported version.
const USER_SELECT = `
  SELECT u.id::text AS user_id, u.account_id::text AS account_id, u.encrypted_password,
         u.confirmed_at IS NOT NULL AS confirmed, u.approved, u.disabled,
         u.otp_required_for_login AS otp_required, u.otp_secret, u.consumed_timestep,
         a.username, a.domain, a.display_name,
         a.suspended_at IS NOT NULL AS suspended, a.memorial, a.moved_to_account_id IS NOT NULL AS moved,
         u.role_id::text AS role_id, r.name AS role_name, r.permissions::text AS role_permissions,
         COALESCE((to_jsonb(r) ->> 'require_2fa')::boolean, false) AS role_requires_2fa,
         (SELECT e.permissions::text FROM user_roles e WHERE e.id = -99) AS everyone_permissions,
         EXISTS (SELECT 1 FROM webauthn_credentials w WHERE w.user_id = u.id) AS has_webauthn
    FROM users u
    JOIN accounts a ON a.id = u.account_id
    LEFT JOIN user_roles r ON r.id = u.role_id`;

interface UserRow {
  user_id: string;
  account_id: string;
  encrypted_password: string;
  confirmed: boolean;
  approved: boolean;
  disabled: boolean;
  otp_required: boolean;
  otp_secret: string | null;
  consumed_timestep: number | null;
  username: string;
  domain: string | null;
  display_name: string;
  suspended: boolean;
  memorial: boolean;
  moved: boolean;
  role_name: string | null;
  role_permissions: string | null;
  role_requires_2fa: boolean;
  everyone_permissions: string | null;
  has_webauthn: boolean;
  role_id: string | null;
}

function toRecord(row: UserRow): MastodonUserRecord {
  return {
    userId: row.user_id,
    accountId: row.account_id,
    acct: row.domain ? `${row.username}@${row.domain}` : row.username,
    displayName: row.display_name,
    encryptedPassword: row.encrypted_password,
    confirmed: row.confirmed,
    approved: row.approved,
    disabled: row.disabled,
    suspended: row.suspended,
    memorial: row.memorial,
    moved: row.moved,
    otpRequired: row.otp_required,
    otpSecret: row.otp_secret,
    consumedTimestep: row.consumed_timestep,
    hasWebauthn: row.has_webauthn,
    roleRequires2fa: row.role_requires_2fa,
    roleId: row.role_id,
    roleName: row.role_name,
    permissions: Permissions.fromRoles(row.everyone_permissions ?? EVERYONE_DEFAULT_BITS, row.role_permissions),
  };
}

/** Devise stores e-mails stripped and lower-cased (case_insensitive_keys, strip_whitespace_keys). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: pg.Pool, email: string): Promise<MastodonUserRecord | null> {
  const { rows } = await db.query<UserRow>(`${USER_SELECT} WHERE u.email = $1`, [normalizeEmail(email)]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function findUserById(db: pg.Pool, userId: string): Promise<MastodonUserRecord | null> {
  if (!/^\d{1,19}$/.test(userId)) return null;
  const { rows } = await db.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [userId]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/**
 * Why a user may not use Howdah right now, or null if they may. Mirrors
 * Mastodon's User#functional? (confirmed, approved, not disabled, not
 * suspended, not memorial, not moved, not missing a required 2FA) plus
 * Howdah's own rule: some admin-area permission.
 */
export function accessRefusal(user: MastodonUserRecord): string | null {
  if (!user.confirmed) return "This account's e-mail address has not been confirmed yet.";
  if (!user.approved) return "This account is still waiting for approval.";
  if (user.disabled) return "This account's login has been disabled.";
  if (user.suspended) return "This account is suspended.";
  if (user.memorial) return "This account has been memorialized.";
  if (user.moved) return "This account has moved to another account.";
  if (user.roleRequires2fa && !user.otpRequired && !user.hasWebauthn) {
    return "Your Mastodon role requires two-factor authentication; set it up in Mastodon first.";
  }
  if (!user.permissions.hasAdminArea) return "Your Mastodon role does not include any admin or moderation permission.";
  return null;
}
