import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { HowdahError } from "@/lib/errors";
import type { MastodonGateway } from "@/lib/mastodon/gateway";
import { getServerContext } from "@/lib/server/context";
import { checkAccess, instanceConditions, type AccessRule, type StaffPage } from "./access";
import type { Permissions } from "./permissions";

/**
 * The signed-in staff member, re-checked against Mastodon on each request:
 * the session only says who they are; Mastodon's current role bits and login
 * state say whether and what they may still do.
 */
export interface Staff {
  userId: string;
  accountId: string;
  acct: string;
  displayName: string;
  roleName: string | null;
  permissions: Permissions;
}

/**
 * The staff member behind a session's user id, or null when Mastodon no
 * longer lets them in (unknown, disabled, suspended, role without admin area…).
 */
export async function resolveStaff(mastodon: Pick<MastodonGateway, "staff">, userId: string): Promise<Staff | null> {
  const user = await mastodon.staff.findUserById(userId);
  if (!user || mastodon.staff.explainRefusal(user)) return null;
  return {
    userId: user.userId,
    accountId: user.accountId,
    acct: user.acct,
    displayName: user.displayName,
    roleName: user.roleName,
    permissions: user.permissions,
  };
}

/**
 * Once per request: React's cache() shares the answer between the layout and
 * the page of one server render (one Mastodon query per page view, not two),
 * and each new request asks Mastodon again. Route handlers call it once.
 */
export const currentStaff = cache(async (): Promise<Staff | null> => {
  const uid = await sessionUserId();
  if (!uid) return null;
  return resolveStaff(getServerContext().mastodon, uid);
});

/** The user id from the session cookie; null when absent, expired or tampered with (the JWT fails to decrypt). */
async function sessionUserId(): Promise<string | null> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const { howdah } = getServerContext().config;
  const token = await getToken({
    req: {
      headers: Object.fromEntries(headerList.entries()),
      cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])),
    } as never,
    secret: howdah.secret,
    secureCookie: howdah.publicUrl.startsWith("https://"),
  }).catch(() => null);
  return typeof token?.uid === "string" ? token.uid : null;
}

/** For route handlers: the staff member if the rule (or page) lets them in; else 401, 403 or 404 as HowdahError. */
export async function requireStaff(access: AccessRule | StaffPage): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) throw new HowdahError("unauthenticated", "Sign in with your Mastodon account first.");
  const verdict = checkAccess(access, staff.permissions, instanceConditions(getServerContext().config));
  if (!verdict.ok) throw new HowdahError(verdict.refusal === "forbidden" ? "forbidden" : "not_found", verdict.message);
  return staff;
}

/**
 * For server pages: the staff member, or a redirect to sign-in, the shell's
 * 403 page (app/(admin)/forbidden.tsx) or its 404 page.
 */
export async function requireStaffPage(page: AccessRule | StaffPage): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) redirect("/sign-in");
  const verdict = checkAccess(page, staff.permissions, instanceConditions(getServerContext().config));
  if (!verdict.ok) return verdict.refusal === "forbidden" ? forbidden() : notFound();
  return staff;
}
