import type { Permission, Permissions } from "@/lib/auth/permissions";

/**
 * Howdah's pages and the Mastodon permission each needs. The shell shows only
 * what the viewer may open; each page and API checks again on the server.
 */
export interface NavItem {
  href: string;
  label: string;
  /** A list means any one of them opens the page. */
  permission: Permission | readonly Permission[] | null;
  /** Hidden while this instance condition holds (Mastodon hides Relays in limited federation mode). */
  hiddenWhen?: keyof NavConditions;
}

export interface NavConditions {
  limitedFederationMode?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", permission: null },
  { href: "/queues", label: "Queues", permission: ["view_dashboard", "view_devops"] },
  { href: "/storage", label: "Storage", permission: "view_dashboard" },
  { href: "/relays", label: "Relays", permission: "manage_federation", hiddenWhen: "limitedFederationMode" },
  { href: "/incidents", label: "Incidents", permission: "manage_announcements" },
  { href: "/audit", label: "Audit log", permission: "view_audit_log" },
  { href: "/system", label: "System", permission: "view_devops" },
];

export function navFor(permissions: Permissions, conditions: NavConditions = {}): { href: string; label: string }[] {
  const allowed = (p: NavItem["permission"]) =>
    !p || (typeof p === "string" ? permissions.can(p) : p.some((one) => permissions.can(one)));
  return NAV_ITEMS.filter((item) => allowed(item.permission) && !(item.hiddenWhen && conditions[item.hiddenWhen])).map(
    ({ href, label }) => ({ href, label }),
  );
}
