import "server-only";
import { encode, getToken, type JWT, type JWTEncodeParams } from "next-auth/jwt";
import { expiringCache } from "@/lib/shared/expiring-cache";
import { processSingleton } from "@/lib/shared/process-singleton";
import type { SessionClaims } from "./sessions";

/**
 * The session cookie: next-auth's encrypted JWT, carrying who signed in and
 * the id of their howdah.sessions row (lib/auth/sessions.ts decides whether
 * that session is still open).
 */
export interface SessionToken extends SessionClaims {
  aid: string;
  acct: string;
  /** When the session ends for good (epoch seconds): the JWT's exp never goes past it. */
  sexp: number;
}

/**
 * next-auth re-issues the JWT with a fresh `exp` (now + maxAge) each time the
 * session is read through /api/auth/session, which would let a session slide
 * forever. Every token Howdah issues expires at the session's absolute end at
 * the latest; one that has reached it is not re-issued at all.
 */
export async function encodeSessionJwt(params: JWTEncodeParams): Promise<string> {
  // next-auth's encode sets exp = its own clock + maxAge, so the time left is taken on the same clock.
  const end = params.token?.sexp;
  const left = typeof end === "number" ? end - Math.floor(Date.now() / 1000) : Number.POSITIVE_INFINITY;
  const maxAge = Math.min(params.maxAge ?? Number.POSITIVE_INFINITY, left);
  if (!Number.isFinite(maxAge)) throw new Error("A session token needs a lifetime.");
  if (maxAge <= 0) throw new Error("The session has reached the end of its lifetime.");
  return encode({ ...params, maxAge });
}

export function sessionCookieSecure(publicUrl: string): boolean {
  return publicUrl.startsWith("https://");
}

/**
 * The session's claims from its cookie, and only from its cookie: next-auth's
 * getToken also takes the JWT from an `Authorization: Bearer` header when no
 * cookie is sent, so it is given the cookies alone, no headers. Null when the
 * cookie is missing, expired, tampered with, or carries no session id.
 */
export async function sessionFromCookies(
  cookies: Record<string, string>,
  secret: string,
  secure: boolean,
  now = Date.now(),
): Promise<SessionToken | null> {
  // The same cookie bytes always decrypt to the same claims: a page that polls
  // sends the same cookie every few seconds, so the decryption (about 0.2 ms)
  // is done once per DECODED_TTL_MS. Keyed by the secret too, so a changed
  // secret never serves a claim decoded with the old one.
  const sessionCookies = Object.entries(cookies).filter(([name]) => name.includes("next-auth.session-token"));
  if (sessionCookies.length === 0) return null;
  const key = JSON.stringify([secret, secure, sessionCookies.sort(([a], [b]) => (a < b ? -1 : 1))]);
  const cached = decoded().get(key, now);
  if (cached && cached.expiresAt > now) return cached.claims;
  const token = await getToken({ req: { cookies, headers: {} } as never, secret, secureCookie: secure }).catch(
    () => null,
  );
  const exp = typeof token?.exp === "number" ? token.exp * 1000 : now;
  // On the caller's clock too (jose checked it against the real one).
  const claims = exp > now ? asSessionToken(token) : null;
  if (claims) decoded().set(key, { claims, expiresAt: exp }, Math.min(DECODED_TTL_MS, exp - now), now);
  return claims;
}

/** How long a decoded cookie is kept (never past the JWT's own expiry). */
const DECODED_TTL_MS = 5_000;
const decoded = () =>
  processSingleton("decoded-session-cookies", () =>
    expiringCache<string, { claims: SessionToken; expiresAt: number }>(10_000),
  );

export function asSessionToken(token: JWT | null | undefined): SessionToken | null {
  if (!token) return null;
  const { uid, sid, aid, acct, sexp } = token as Partial<Record<keyof SessionToken, unknown>>;
  if (typeof uid !== "string" || typeof sid !== "string" || typeof sexp !== "number") return null;
  return { uid, sid, sexp, aid: typeof aid === "string" ? aid : "", acct: typeof acct === "string" ? acct : "" };
}
