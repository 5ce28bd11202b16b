import "server-only";
import { cookies } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { HowdahError } from "@/lib/errors";
import { getServerContext } from "@/lib/server/context";
import { checkAccess, instanceConditions, type AccessRule, type StaffPage } from "./access";
import type { Permissions } from "./permissions";
import { staffFromCookies } from "./request-staff";

/**
 * The signed-in staff member, re-checked on each request: the session cookie
 * names a server-side session (lib/auth/sessions.ts), which must still be
 * open; Mastodon's current role bits and login state say whether and what
 * they may still do.
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
 * Once per request: React's cache() shares the answer between the layout and
 * the page of one server render (one look-up per page view, not two), and
 * each new request asks again. Route handlers call it once.
 */
export const currentStaff = cache(async (): Promise<Staff | null> => {
  const cookieStore = await cookies();
  return staffFromCookies(getServerContext(), Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])));
});

/** For route handlers: the staff member if the rule (or page) lets them in; else 401, 403 or 404 as HowdahError. */
export async function requireStaff(access: AccessRule | StaffPage): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) throw new HowdahError("unauthenticated", "Sign in with your Mastodon account first.");
  const verdict = checkAccess(access, staff.permissions, instanceConditions(getServerContext().config));
  if (!verdict.ok) throw new HowdahError(verdict.refusal === "forbidden" ? "forbidden" : "not_found", verdict.message);
  return staff;
}

/**
 * For the shell (app/(admin)/layout.tsx): the staff member for a page, or
 * the outage that keeps Howdah from knowing who is asking (its store or
 * Mastodon's database down), which the shell shows instead of the page.
 * Otherwise a redirect to sign-in, the shell's 403 page
 * (app/(admin)/forbidden.tsx) or its 404 page.
 */
export async function staffForShell(page: AccessRule | StaffPage): Promise<{ staff: Staff } | { outage: string }> {
  let staff: Staff | null;
  try {
    staff = await currentStaff();
  } catch (error) {
    if (error instanceof HowdahError && error.code === "unavailable") return { outage: error.message };
    throw error;
  }
  if (!staff) redirect("/sign-in");
  const verdict = checkAccess(page, staff.permissions, instanceConditions(getServerContext().config));
  if (!verdict.ok) return verdict.refusal === "forbidden" ? forbidden() : notFound();
  return { staff };
}

/**
 * For the pages inside the shell: the staff member, or null during an outage.
 * Next renders a page alongside its layout, so a page that threw here would
 * log a stack trace on every view while the shell already says which service
 * is down; a page given null renders nothing and the shell's notice stands.
 */
export async function requireStaffPage(page: AccessRule | StaffPage): Promise<Staff | null> {
  const check = await staffForShell(page);
  return "staff" in check ? check.staff : null;
}
