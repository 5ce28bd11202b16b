import "server-only";
import type { ServerContext } from "@/lib/server/context";
import type { Staff } from "./current-staff";
import { sessionCookieSecure, sessionFromCookies } from "./session-jwt";
import { sessionDeps, staffForSession } from "./sessions";

/**
 * The staff member behind a request's cookies, or null: the one way both
 * Next's code (current-staff.ts) and the server entry's fast answers
 * (lib/server/queues-answer.ts) resolve a session, so both keep the same
 * rules and share the per-session check of sessions.ts.
 */
export async function staffFromCookies(context: ServerContext, cookies: Record<string, string>): Promise<Staff | null> {
  const { howdah } = context.config;
  const claims = await sessionFromCookies(cookies, howdah.secret, sessionCookieSecure(howdah.publicUrl));
  if (!claims) return null;
  return staffForSession(await sessionDeps(context), claims);
}

/** A Cookie header as name → value (the first of a repeated name, as browsers send the most specific first). */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}
