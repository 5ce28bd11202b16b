import "server-only";
import type { Staff } from "@/lib/auth/current-staff";
import type { Permission } from "@/lib/auth/permissions";
import type { ServerContext } from "@/lib/server/context";

/**
 * The overview's "action required" card: what Mastodon's dashboard lists as
 * waiting for staff, each count linking to the page where it is handled.
 * Open reports link to Howdah's own queue (/reports) for whoever may open
 * it (manage_reports, moderators too); everything else goes to Mastodon's
 * own admin at https://<WEB_DOMAIN> (LOCAL_DOMAIN when unset).
 * An item is shown to staff who may see Mastodon's dashboard, or who may
 * handle that item (a moderator with manage_reports sees open reports).
 */
export interface ActionItem {
  key: "pendingUsers" | "openReports" | "pendingAppeals" | "pendingTags";
  /** "3 pending accounts", singular or plural. */
  label: string;
  count: number;
  href: string;
  /** Where the link leads, for its accessible name ("on Mastodon"). */
  where: "mastodon" | "howdah";
}

const ITEMS: {
  key: ActionItem["key"];
  path: string;
  permission: Permission;
  noun: [string, string];
  /** Howdah's own page for the item, for those whose permission opens it. */
  howdahPath?: string;
}[] = [
  {
    key: "pendingUsers",
    path: "/admin/accounts?status=pending",
    permission: "manage_users",
    noun: ["pending account", "pending accounts"],
  },
  {
    key: "openReports",
    path: "/admin/reports",
    permission: "manage_reports",
    noun: ["open report", "open reports"],
    howdahPath: "/reports",
  },
  {
    key: "pendingAppeals",
    path: "/admin/disputes/appeals?status=pending",
    permission: "manage_appeals",
    noun: ["pending appeal", "pending appeals"],
  },
  {
    key: "pendingTags",
    path: "/admin/trends/tags?status=pending_review",
    permission: "manage_taxonomies",
    noun: ["hashtag pending review", "hashtags pending review"],
  },
];

/** Mastodon's web address, where its admin pages live. */
export function mastodonWebBase(context: ServerContext): string {
  return `https://${context.config.mastodon.webDomain}`;
}

export function visibleActionItems(staff: Staff) {
  return ITEMS.filter((item) => staff.permissions.can("view_dashboard") || staff.permissions.can(item.permission));
}

/** Null when none of the items is for this viewer (the card is then left out). */
export async function getActionRequired(context: ServerContext, staff: Staff): Promise<ActionItem[] | null> {
  const items = visibleActionItems(staff);
  if (items.length === 0) return null;
  const counts = await context.mastodon.instance.countActionRequired();
  const base = mastodonWebBase(context);
  return items.map((item) => {
    const count = counts[item.key];
    const noun = count === 1 ? item.noun[0] : item.noun[1];
    const own = item.howdahPath !== undefined && staff.permissions.can(item.permission);
    return {
      key: item.key,
      label: `${count.toLocaleString("en")} ${noun}`,
      count,
      href: own ? item.howdahPath! : `${base}${item.path}`,
      where: own ? "howdah" : "mastodon",
    };
  });
}
