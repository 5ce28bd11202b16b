import "server-only";
import type { HowdahConfig } from "@/lib/config/types";
import { LIMITED_FEDERATION_EXPLANATION } from "@/lib/relays/availability";
import type { Permission, Permissions } from "./permissions";

/**
 * Who may see what: the one place each page's rule is written. The
 * navigation (lib/navigation.ts), the page (requireStaffPage) and its API
 * routes (staffRoute) all name a rule from here, so they cannot disagree.
 *
 * A rule is one Mastodon permission, a list meaning "any of these", or a
 * named predicate for what a list cannot say. Rules test permission bits
 * only; whether a page exists on this instance at all (Relays in limited
 * federation mode) is the page's `absentWhen`, answered with a 404, not a 403.
 */
export type AccessRule = Permission | readonly Permission[] | NamedRule;

export interface NamedRule {
  readonly name: string;
  /** What a refusal names, completing "Your Mastodon role lacks …": e.g. "the view_devops permission". */
  readonly needs: string;
  allows(permissions: Permissions): boolean;
}

export function namedRule(name: string, needs: string, allows: (permissions: Permissions) => boolean): NamedRule {
  return { name, needs, allows };
}

export function isNamedRule(rule: AccessRule): rule is NamedRule {
  return typeof rule === "object" && !Array.isArray(rule) && "allows" in rule;
}

export function allows(rule: AccessRule, permissions: Permissions): boolean {
  if (typeof rule === "string") return permissions.can(rule);
  if (isNamedRule(rule)) return rule.allows(permissions);
  return (rule as readonly Permission[]).some((one) => permissions.can(one));
}

/** The permission(s) a rule asks for, as a refusal names them: "the view_dashboard or view_devops permission". */
export function describeRule(rule: AccessRule): string {
  if (typeof rule === "string") return `the ${rule} permission`;
  if (isNamedRule(rule)) return rule.needs;
  const list = rule as readonly Permission[];
  return `the ${list.slice(0, -1).join(", ")}${list.length > 1 ? " or " : ""}${list.at(-1) ?? ""} permission`;
}

/**
 * The named rules. The queue rules: figures (sizes, latency, counts, breakdowns
 * by class and host) are for anyone with Mastodon's dashboard or its Sidekiq
 * page; job contents and every action only for those Mastodon lets see its
 * Sidekiq page (view_devops), since job arguments can hold private posts.
 * Mastodon's default Admin role has view_dashboard but not view_devops.
 */
export const RULES = {
  /** Anyone signed in: currentStaff already refuses accounts without an admin-area permission. */
  anyStaff: namedRule("anyStaff", "an admin or moderation permission", (p) => p.hasAdminArea),
  viewQueueFigures: namedRule(
    "viewQueueFigures",
    "the view_dashboard or view_devops permission",
    (p) => p.can("view_dashboard") || p.can("view_devops"),
  ),
  viewJobs: namedRule("viewJobs", "the view_devops permission", (p) => p.can("view_devops")),
  manageJobs: namedRule("manageJobs", "the view_devops permission", (p) => p.can("view_devops")),
  /** Running Mastodon's cleanup: its Sidekiq access (view_devops) and the settings it applies (manage_settings). */
  runVacuum: namedRule(
    "runVacuum",
    "both the view_devops and the manage_settings permission",
    (p) => p.can("view_devops") && p.can("manage_settings"),
  ),
} as const;

/** Instance settings under which a page does not exist at all (as Mastodon hides it). */
export interface InstanceConditions {
  limitedFederationMode: boolean;
}

export function instanceConditions(config: HowdahConfig): InstanceConditions {
  return { limitedFederationMode: config.mastodon.limitedFederationMode };
}

const ABSENCE_EXPLANATIONS: Record<keyof InstanceConditions, string> = {
  limitedFederationMode: LIMITED_FEDERATION_EXPLANATION,
};

export interface StaffPage {
  href: string;
  label: string;
  rule: AccessRule;
  /** The page (and its API) does not exist while this instance condition holds. */
  absentWhen?: keyof InstanceConditions;
}

/** Howdah's pages, in navigation order, each with its rule. */
export const PAGES = {
  // Instance-wide counts and health: what Mastodon's own dashboard shows, behind its permission.
  overview: { href: "/", label: "Overview", rule: "view_dashboard" },
  // Mastodon's report pages (ReportPolicy): manage_reports, which moderators hold without view_dashboard.
  reports: { href: "/reports", label: "Reports", rule: "manage_reports" },
  queues: { href: "/queues", label: "Queues", rule: RULES.viewQueueFigures },
  storage: { href: "/storage", label: "Storage", rule: "view_dashboard" },
  // Mastodon's relay page: manage_federation (RelayPolicy), hidden in limited federation mode.
  relays: { href: "/relays", label: "Relays", rule: "manage_federation", absentWhen: "limitedFederationMode" },
  // Mastodon's domain blocks (DomainBlockPolicy) and their export (InstancePolicy#index?): manage_federation.
  federation: { href: "/federation", label: "Domain blocks", rule: "manage_federation" },
  // Writing to members is what Mastodon's announcements need manage_announcements for.
  // Mastodon's content retention settings (Admin::Settings::ContentRetentionController): manage_settings.
  retention: { href: "/retention", label: "Retention", rule: "manage_settings" },
  incidents: { href: "/incidents", label: "Incidents", rule: "manage_announcements" },
  // Where alerts go and when: like the Sidekiq actions and the queue thresholds, view_devops.
  alerts: { href: "/alerts", label: "Alerts", rule: RULES.manageJobs },
  audit: { href: "/audit", label: "Audit log", rule: "view_audit_log" },
  system: { href: "/system", label: "System", rule: "view_devops" },
} as const satisfies Record<string, StaffPage>;

export const PAGE_LIST: readonly StaffPage[] = Object.values(PAGES);

export function isStaffPage(target: AccessRule | StaffPage): target is StaffPage {
  return typeof target === "object" && "href" in target;
}

export type AccessVerdict =
  | { ok: true }
  | { ok: false; refusal: "forbidden"; message: string }
  | { ok: false; refusal: "absent"; message: string };

/**
 * Whether these permissions open a page (or pass a rule) on this instance.
 * The permission is checked first, so someone who could never open the page
 * learns nothing about the instance's settings.
 */
export function checkAccess(
  target: AccessRule | StaffPage,
  permissions: Permissions,
  conditions: InstanceConditions,
): AccessVerdict {
  const rule = isStaffPage(target) ? target.rule : target;
  if (!allows(rule, permissions)) {
    return {
      ok: false,
      refusal: "forbidden",
      message: `Your Mastodon role lacks ${describeRule(rule)} this needs.`,
    };
  }
  const absentWhen = isStaffPage(target) ? target.absentWhen : undefined;
  if (absentWhen && conditions[absentWhen]) {
    return { ok: false, refusal: "absent", message: ABSENCE_EXPLANATIONS[absentWhen] };
  }
  return { ok: true };
}

/** The page a path belongs to (its longest matching href), for the 403 page to say what it needed. */
export function pageForPath(pathname: string | null | undefined): StaffPage | null {
  if (!pathname) return null;
  let best: StaffPage | null = null;
  for (const page of PAGE_LIST) {
    const matches =
      page.href === "/" ? pathname === "/" : pathname === page.href || pathname.startsWith(`${page.href}/`);
    if (matches && (!best || page.href.length > best.href.length)) best = page;
  }
  return best;
}

/** Pages this instance does not have, and why: what the 404 page explains. */
export function absentPages(conditions: InstanceConditions): { label: string; explanation: string }[] {
  return PAGE_LIST.filter((page) => page.absentWhen && conditions[page.absentWhen]).map((page) => ({
    label: page.label,
    explanation: ABSENCE_EXPLANATIONS[page.absentWhen!],
  }));
}
