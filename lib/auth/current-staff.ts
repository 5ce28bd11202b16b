import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { HowdahError } from "@/lib/errors";
import { accessRefusal, findUserById } from "@/lib/mastodon/staff/users";
import { withService } from "@/lib/mastodon/service-errors";
import { getServerContext } from "@/lib/server/context";
import type { Permission, Permissions } from "./permissions";

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

export async function currentStaff(): Promise<Staff | null> {
  const uid = await sessionUserId();
  if (!uid) return null;
  const context = getServerContext();
  const user = await withService("PostgreSQL", () => findUserById(context.mastodon.db, uid));
  if (!user || accessRefusal(user)) return null;
  return {
    userId: user.userId,
    accountId: user.accountId,
    acct: user.acct,
    displayName: user.displayName,
    roleName: user.roleName,
    permissions: user.permissions,
  };
}

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

/** For route handlers: throws 401/403 as HowdahError. */
export async function requireStaff(permission: Permission | null): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) throw new HowdahError("unauthenticated", "Sign in with your Mastodon account first.");
  if (permission && !staff.permissions.can(permission)) {
    throw new HowdahError("forbidden", `Your Mastodon role lacks the ${permission} permission this needs.`);
  }
  return staff;
}

/** For server pages: redirects to sign-in, or renders the 403 page. */
export async function requireStaffPage(permission: Permission | null): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) redirect("/sign-in");
  if (permission && !staff.permissions.can(permission)) forbidden();
  return staff;
}
