import "server-only";
import type { AuditAction } from "@/lib/shared/audit-actions";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { MastodonGateway } from "@/lib/mastodon/gateway";
import type { MastodonUserRecord } from "@/lib/mastodon/staff/area";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit } from "@/lib/store/audit";
import type { Store } from "@/lib/store/connection";
import { createSession, findSession, pruneSessions, revokeSession, type SessionRecord } from "@/lib/store/sessions";
import { expiringCache, type ExpiringCache } from "@/lib/shared/expiring-cache";
import { processSingleton } from "@/lib/shared/process-singleton";
import type { Staff } from "./current-staff";

/**
 * Howdah's sessions, kept on the server (howdah.sessions) so they can end:
 *
 * - at an absolute time, sign-in + the configured lifetime, which nothing
 *   moves (the cookie's own expiry is capped at it too, see session-jwt.ts);
 * - on sign-out, for every copy of the cookie;
 * - when Mastodon changes what the session was opened against: the password
 *   (as Devise ends Mastodon's own sessions), the user's role, or the login
 *   state (disabled, suspended…). Such a session stays ended when the change
 *   is undone: re-enabling a login does not revive the sessions it had.
 *
 * A session once checked is trusted for SESSION_RECHECK_MS in this process
 * (a page polls several APIs a second; each would otherwise read both
 * databases): a change in Mastodon (password, role, login state, a change to
 * what a role may do) takes effect on the first request after that interval,
 * and a sign-out or any end this process makes takes effect at once here
 * (other web processes see it after the interval). A change undone within
 * the interval may go unseen. Permissions are re-read from Mastodon at each
 * re-check; a change to what a role may do (not which role the user has)
 * takes effect without ending anyone's session.
 */
export interface SessionClaims {
  /** Mastodon's users.id. */
  uid: string;
  /** howdah.sessions.id. */
  sid: string;
}

export interface SessionDeps {
  mastodon: Pick<MastodonGateway, "staff">;
  store: Store;
  secret: string;
  lifetimeSeconds: number;
  now?: () => number;
}

/** How long a checked session (and its staff member's permissions) is trusted before both databases are asked again. */
export const SESSION_RECHECK_MS = 1_000;
/** Sessions checked at once in one process; past it the oldest check is forgotten (and simply redone). */
const MAX_CHECKED_SESSIONS = 5_000;

interface CheckedSession {
  userId: string;
  staff: Staff;
}

// One cache per store (tests build several stores in one process); shared by every bundle of the process.
const checkedByStore = () =>
  processSingleton("checked-sessions", () => new WeakMap<Store, ExpiringCache<string, CheckedSession>>());

function checkedSessions(store: Store): ExpiringCache<string, CheckedSession> {
  const byStore = checkedByStore();
  let cache = byStore.get(store);
  if (!cache) {
    cache = expiringCache<string, CheckedSession>(MAX_CHECKED_SESSIONS);
    byStore.set(store, cache);
  }
  return cache;
}

/** Forgets this process's check of a session, so its next request reads both databases. */
export function forgetCheckedSession(store: Store, sessionId: string): void {
  checkedSessions(store).delete(sessionId);
}

export type SessionEndReason = "signed_out" | "password_changed" | "role_changed" | "login_refused" | "user_gone";

export async function sessionDeps(context: ServerContext): Promise<SessionDeps> {
  return {
    mastodon: context.mastodon,
    store: await context.store(),
    secret: context.config.howdah.secret,
    lifetimeSeconds: context.config.howdah.sessionMaxAgeSeconds,
  };
}

/**
 * A keyed hash of users.encrypted_password: a password change (which always
 * writes a new bcrypt hash, new salt included) changes it, and Howdah's table
 * holds nothing an attacker could try passwords against.
 */
export function credentialHmac(secret: string, encryptedPassword: string): string {
  return createHmac("sha256", secret).update(`howdah-session-credential:${encryptedPassword}`).digest("base64url");
}

/** Opens a session for a user who has just signed in; ended sessions are pruned on the way. */
export async function startSession(deps: SessionDeps, user: MastodonUserRecord): Promise<SessionRecord> {
  const now = deps.now?.() ?? Date.now();
  await pruneSessions(deps.store, new Date(now)).catch(() => undefined);
  return createSession(deps.store, {
    userId: user.userId,
    now: new Date(now),
    expiresAt: new Date(now + deps.lifetimeSeconds * 1000),
    credentialHmac: credentialHmac(deps.secret, user.encryptedPassword),
    roleId: user.roleId,
  });
}

/**
 * The staff member behind a session, or null when the session is unknown,
 * ended, past its lifetime, or Mastodon no longer agrees with it (which ends
 * it for good). One look-up in each database, side by side: the one function
 * every request goes through, so a short per-session cache can sit here.
 */
export async function staffForSession(deps: SessionDeps, claims: SessionClaims): Promise<Staff | null> {
  const now = deps.now?.() ?? Date.now();
  const checked = checkedSessions(deps.store);
  const hit = checked.get(claims.sid, now);
  if (hit && hit.userId === claims.uid) return hit.staff;
  checked.delete(claims.sid);
  const [session, user] = await Promise.all([
    findSession(deps.store, claims.sid),
    deps.mastodon.staff.findUserById(claims.uid),
  ]);
  if (!session || session.revokedAt || session.userId !== claims.uid) return null;
  if (session.expiresAt.getTime() <= now) return null;
  const ended = whyEnded(deps, session, user);
  if (ended) {
    await endSession(deps, session, ended.reason, user, { details: ended.details });
    return null;
  }
  const staff = toStaff(user!);
  // Never trusted past the session's absolute end.
  checked.set(
    claims.sid,
    { userId: claims.uid, staff },
    Math.min(SESSION_RECHECK_MS, session.expiresAt.getTime() - now),
    now,
  );
  return staff;
}

/** Whether the session is still open (not ended, not past its lifetime), without asking Mastodon. */
export async function isSessionOpen(deps: SessionDeps, claims: SessionClaims): Promise<boolean> {
  const session = await findSession(deps.store, claims.sid);
  return (
    !!session &&
    !session.revokedAt &&
    session.userId === claims.uid &&
    session.expiresAt.getTime() > (deps.now?.() ?? Date.now())
  );
}

/** Sign-out: ends the session on the server, so a copy of the cookie is worth nothing either. */
export async function signOutSession(
  deps: SessionDeps,
  claims: SessionClaims & { aid?: string; acct?: string },
  ip: string | null,
): Promise<boolean> {
  const session = await findSession(deps.store, claims.sid);
  if (!session || session.userId !== claims.uid) return false;
  const actor = claims.aid && claims.acct ? { accountId: claims.aid, acct: claims.acct } : null;
  return endSession(deps, session, "signed_out", null, { actor, ip, action: "sign_out" });
}

function whyEnded(
  deps: SessionDeps,
  session: SessionRecord,
  user: MastodonUserRecord | null,
): { reason: SessionEndReason; details?: Record<string, unknown> } | null {
  if (!user) return { reason: "user_gone" };
  if (!sameText(session.credentialHmac, credentialHmac(deps.secret, user.encryptedPassword))) {
    return { reason: "password_changed" };
  }
  if (session.roleId !== user.roleId)
    return { reason: "role_changed", details: { from: session.roleId, to: user.roleId } };
  const refusal = deps.mastodon.staff.explainRefusal(user);
  if (refusal) return { reason: "login_refused", details: { refusal } };
  return null;
}

/** Revokes the row and, for the one call that did, writes Howdah's audit entry. */
async function endSession(
  deps: SessionDeps,
  session: SessionRecord,
  reason: SessionEndReason,
  user: MastodonUserRecord | null,
  audit: {
    actor?: { accountId: string; acct: string } | null;
    ip?: string | null;
    action?: AuditAction;
    details?: Record<string, unknown>;
  },
): Promise<boolean> {
  forgetCheckedSession(deps.store, session.id);
  const ended = await revokeSession(deps.store, session.id, reason, new Date(deps.now?.() ?? Date.now()));
  // Again: a request that read the row just before the revocation may have put it back meanwhile.
  forgetCheckedSession(deps.store, session.id);
  if (!ended) return false;
  await recordAudit(deps.store, {
    actor: audit.actor ?? (user ? { accountId: user.accountId, acct: user.acct } : null),
    action: audit.action ?? "session_ended",
    targetType: "user",
    target: session.userId,
    details: { reason, ...audit.details },
    ip: audit.ip ?? null,
  }).catch(() => undefined);
  return true;
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

export function toStaff(user: MastodonUserRecord): Staff {
  return {
    userId: user.userId,
    accountId: user.accountId,
    acct: user.acct,
    displayName: user.displayName,
    roleName: user.roleName,
    permissions: user.permissions,
  };
}
