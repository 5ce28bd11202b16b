import { describe, expect, it } from "vitest";
import { navFor } from "@/lib/navigation";
import {
  absentPages,
  allows,
  checkAccess,
  describeRule,
  namedRule,
  pageForPath,
  PAGES,
  RULES,
  type InstanceConditions,
} from "./access";
import { PERMISSION_BITS, Permissions, type Permission } from "./permissions";

const EVERYONE = PERMISSION_BITS.invite_users;
const withOnly = (...names: Permission[]) =>
  Permissions.fromRoles(
    EVERYONE,
    names.reduce((bits, name) => bits | PERMISSION_BITS[name], 0),
  );
const OPEN: InstanceConditions = { limitedFederationMode: false };
const LIMITED: InstanceConditions = { limitedFederationMode: true };

// Role bitmasks as Mastodon ships them (facts §9).
const MODERATOR = Permissions.fromRoles(EVERYONE, 1049884);
const ADMIN = Permissions.fromRoles(EVERYONE, 2031612);
const OWNER = Permissions.fromRoles(EVERYONE, 1);

describe("rules", () => {
  it("takes one permission, a list meaning any of them, or a named predicate", () => {
    const dashboard = withOnly("view_dashboard");
    expect(allows("view_dashboard", dashboard)).toBe(true);
    expect(allows("view_devops", dashboard)).toBe(false);
    expect(allows(["view_devops", "view_dashboard"], dashboard)).toBe(true);
    expect(allows(["view_devops", "manage_federation"], dashboard)).toBe(false);
    expect(allows([], dashboard)).toBe(false);
    const both = namedRule(
      "both",
      "view_dashboard and view_devops",
      (p) => p.can("view_dashboard") && p.can("view_devops"),
    );
    expect(allows(both, dashboard)).toBe(false);
    expect(allows(both, withOnly("view_dashboard", "view_devops"))).toBe(true);
  });

  it("names what a refusal lacks", () => {
    expect(describeRule("view_devops")).toBe("the view_devops permission");
    expect(describeRule(["view_dashboard", "view_devops"])).toBe("the view_dashboard or view_devops permission");
    expect(describeRule(["a", "b", "c"] as unknown as Permission[])).toBe("the a, b or c permission");
    expect(describeRule(RULES.viewQueueFigures)).toBe("the view_dashboard or view_devops permission");
  });

  it("keeps the queue rules: figures for view_dashboard or view_devops, jobs and actions for view_devops", () => {
    expect(allows(RULES.viewQueueFigures, withOnly("view_dashboard"))).toBe(true);
    expect(allows(RULES.viewQueueFigures, withOnly("view_devops"))).toBe(true);
    expect(allows(RULES.viewQueueFigures, withOnly("manage_reports"))).toBe(false);
    expect(allows(RULES.viewJobs, ADMIN)).toBe(false);
    expect(allows(RULES.manageJobs, ADMIN)).toBe(false);
    expect(allows(RULES.viewJobs, OWNER)).toBe(true);
    expect(allows(RULES.manageJobs, withOnly("view_devops"))).toBe(true);
  });
});

describe("each page's rule", () => {
  const cases: [keyof typeof PAGES, Permission[], Permission[]][] = [
    // Mastodon's dashboard needs view_dashboard; other admin-area permissions do not open it.
    ["overview", ["view_dashboard"], ["manage_reports", "view_audit_log", "manage_federation", "view_devops"]],
    ["queues", ["view_dashboard"], ["manage_reports", "manage_federation"]],
    ["queues", ["view_devops"], ["view_audit_log"]],
    ["storage", ["view_dashboard"], ["view_devops"]],
    ["relays", ["manage_federation"], ["view_dashboard", "view_devops"]],
    ["federation", ["manage_federation"], ["view_dashboard", "manage_reports", "view_devops"]],
    ["incidents", ["manage_announcements"], ["manage_reports"]],
    ["alerts", ["view_devops"], ["view_dashboard", "manage_settings", "manage_announcements"]],
    ["audit", ["view_audit_log"], ["view_dashboard"]],
    ["reports", ["manage_reports"], ["view_dashboard", "manage_users", "manage_appeals"]],
    ["system", ["view_devops"], ["view_dashboard", "manage_settings"]],
  ];
  it.each(cases)("%s opens with %j and not with %j", (key, granted, notEnough) => {
    expect(checkAccess(PAGES[key], withOnly(...granted), OPEN)).toEqual({ ok: true });
    if (notEnough.length === 0) return;
    const refused = checkAccess(PAGES[key], withOnly(...notEnough), OPEN);
    expect(refused).toMatchObject({ ok: false, refusal: "forbidden" });
    expect(!refused.ok && refused.message).toBe(
      `Your Mastodon role lacks ${describeRule(PAGES[key].rule)} this needs.`,
    );
  });

  it("opens every page to the Owner, and not System to the default Admin role", () => {
    for (const page of Object.values(PAGES)) expect(checkAccess(page, OWNER, OPEN).ok).toBe(true);
    expect(checkAccess(PAGES.system, ADMIN, OPEN).ok).toBe(false);
    expect(checkAccess(PAGES.queues, ADMIN, OPEN).ok).toBe(true);
    expect(checkAccess(PAGES.relays, MODERATOR, OPEN).ok).toBe(false);
  });

  it("has no Relays page in limited federation mode: a 404 with the reason, after the permission check", () => {
    const absent = checkAccess(PAGES.relays, ADMIN, LIMITED);
    expect(absent).toMatchObject({ ok: false, refusal: "absent" });
    expect(!absent.ok && absent.message).toMatch(/limited federation mode/);
    expect(checkAccess(PAGES.relays, MODERATOR, LIMITED)).toMatchObject({ ok: false, refusal: "forbidden" });
    // A bare rule knows nothing of the instance: only pages can be absent.
    expect(checkAccess(PAGES.relays.rule, ADMIN, LIMITED)).toEqual({ ok: true });
    expect(absentPages(LIMITED).map((p) => p.label)).toEqual(["Relays"]);
    expect(absentPages(OPEN)).toEqual([]);
  });
});

describe("navigation", () => {
  it("lists exactly the pages the page check would open, in order", () => {
    expect(navFor(OWNER, OPEN).map((l) => l.label)).toEqual([
      "Overview",
      "Reports",
      "Queues",
      "Storage",
      "Relays",
      "Domain blocks",
      "Retention",
      "Incidents",
      "Alerts",
      "Audit log",
      "System",
    ]);
    expect(navFor(OWNER, LIMITED).map((l) => l.label)).not.toContain("Relays");
    // Blocks stay reachable in limited federation mode (Mastodon keeps them; the page says they decide nothing then).
    expect(navFor(OWNER, LIMITED).map((l) => l.label)).toContain("Domain blocks");
    expect(navFor(ADMIN, OPEN).map((l) => l.label)).not.toContain("System");
    // Retention settings: manage_settings, as Mastodon's content retention page; running the vacuum adds view_devops.
    expect(navFor(MODERATOR, OPEN).map((l) => l.label)).not.toContain("Retention");
    // Report triage: manage_reports, which Mastodon's Moderator role holds.
    expect(navFor(MODERATOR, OPEN).map((l) => l.label)).toContain("Reports");
    expect(allows(RULES.runVacuum, OWNER)).toBe(true);
    expect(ADMIN.can("manage_settings")).toBe(true);
    expect(allows(RULES.runVacuum, ADMIN)).toBe(false); // Mastodon's default Admin role lacks view_devops
    expect(allows(RULES.runVacuum, MODERATOR)).toBe(false);
    const moderator = navFor(MODERATOR, OPEN).map((l) => l.href);
    for (const page of Object.values(PAGES)) {
      expect(moderator.includes(page.href)).toBe(checkAccess(page, MODERATOR, OPEN).ok);
    }
  });
});

describe("pageForPath", () => {
  it("finds the page a path belongs to, for the 403 page", () => {
    expect(pageForPath("/")).toBe(PAGES.overview);
    expect(pageForPath("/system")).toBe(PAGES.system);
    expect(pageForPath("/queues/jobs")).toBe(PAGES.queues);
    expect(pageForPath("/storage/domains/example.com")).toBe(PAGES.storage);
    expect(pageForPath("/systemic")).toBeNull();
    expect(pageForPath(null)).toBeNull();
  });
});
