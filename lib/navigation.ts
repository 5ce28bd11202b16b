import "server-only";
import { checkAccess, PAGE_LIST, type InstanceConditions } from "@/lib/auth/access";
import type { Permissions } from "@/lib/auth/permissions";

/**
 * The shell's links: the pages (lib/auth/access.ts) the viewer may open on
 * this instance, by the same rule the page and its API enforce.
 */
export interface NavLink {
  href: string;
  label: string;
}

export function navFor(permissions: Permissions, conditions: InstanceConditions): NavLink[] {
  return PAGE_LIST.filter((page) => checkAccess(page, permissions, conditions).ok).map(({ href, label }) => ({
    href,
    label,
  }));
}
