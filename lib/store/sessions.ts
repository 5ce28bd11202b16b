import "server-only";
import { randomBytes } from "node:crypto";
import { withService } from "@/lib/mastodon/service-errors";
import type { Store } from "./connection";

/**
 * Howdah's server-side sessions (howdah.sessions). The cookie names a row by
 * its random id; the row says whose session it is, when it ends for good, and
 * what it was opened against (a keyed hash of the password hash, the role), so
 * lib/auth/sessions.ts can end it when any of those changes or on sign-out.
 */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  credentialHmac: string;
  roleId: string | null;
}

export interface NewSession {
  userId: string;
  expiresAt: Date;
  credentialHmac: string;
  roleId: string | null;
  now: Date;
}

// Revoked rows are kept this long (why a session ended, for whoever looks), then pruned.
const KEEP_REVOKED_MS = 24 * 3600 * 1000;

/** A new session with a 256-bit random id; the caller puts the id in the cookie. */
export async function createSession(store: Store, session: NewSession): Promise<SessionRecord> {
  const id = randomBytes(32).toString("base64url");
  const row = await withService("Howdah store", () =>
    store.prisma.session.create({
      data: {
        id,
        userId: BigInt(session.userId),
        createdAt: session.now,
        expiresAt: session.expiresAt,
        credentialHmac: session.credentialHmac,
        roleId: session.roleId === null ? null : BigInt(session.roleId),
      },
    }),
  );
  return toRecord(row);
}

/** The session with this id, ended or not; null when there is none (never was, or pruned). */
export async function findSession(store: Store, id: string): Promise<SessionRecord | null> {
  const row = await withService("Howdah store", () => store.prisma.session.findUnique({ where: { id } }));
  return row ? toRecord(row) : null;
}

/**
 * Ends a session for good. True only for the call that ended it, so the
 * caller records the end once however many requests race to end it.
 */
export async function revokeSession(store: Store, id: string, reason: string, now = new Date()): Promise<boolean> {
  const { count } = await withService("Howdah store", () =>
    store.prisma.session.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now, revokedReason: reason },
    }),
  );
  return count === 1;
}

/** Deletes sessions past their lifetime and those revoked more than a day ago; returns how many. */
export async function pruneSessions(store: Store, now = new Date()): Promise<number> {
  const { count } = await withService("Howdah store", () =>
    store.prisma.session.deleteMany({
      where: {
        OR: [{ expiresAt: { lte: now } }, { revokedAt: { lte: new Date(now.getTime() - KEEP_REVOKED_MS) } }],
      },
    }),
  );
  return count;
}

function toRecord(row: {
  id: string;
  userId: bigint;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  credentialHmac: string;
  roleId: bigint | null;
}): SessionRecord {
  return {
    id: row.id,
    userId: row.userId.toString(),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    credentialHmac: row.credentialHmac,
    roleId: row.roleId === null ? null : row.roleId.toString(),
  };
}
