import "server-only";
import type { Permissions } from "@/lib/auth/permissions";
import type { ReportActionState, ReportedStatusSummary } from "@/lib/mastodon/reports/actions-area";
import { accountActionRefusal, pointless, reversalRefusal } from "@/lib/mastodon/reports/actions-area";
import { ACTION_KEYS, type ActionKey, type NotOffered, type OfferedAction } from "@/lib/shared/report-actions";

/**
 * Which actions a staff member may take on a report now, and why the others
 * are not offered. The permission rules are Mastodon's policies (facts 0.2):
 *
 * - report state and notes: ReportPolicy (manage_reports);
 * - limit and suspend: the report page's quick actions (manage_reports) and
 *   AccountPolicy#silence? / #suspend? (manage_users or manage_reports, and
 *   the actor's role must override the target's; never the instance actor);
 * - warn, mark sensitive, freeze: only Mastodon's custom action page has
 *   them, which needs manage_users (`authorize @account, :show?`); freeze is
 *   UserPolicy#disable? (manage_users, overriding the user's role);
 * - reversals: manage_users (unsuspend only a suspension made here);
 * - post actions: Admin::StatusPolicy (manage_reports).
 *
 * The notify choice is the custom page's checkbox (manage_users); the quick
 * buttons pass `!report.spam?`, so without manage_users that is what happens.
 * Account and post actions exist only on an unresolved report, as on
 * Mastodon's page.
 */
export interface ActionChoice {
  offered: OfferedAction[];
  notOffered: NotOffered[];
}

export function chooseActions(
  state: ReportActionState,
  statuses: ReportedStatusSummary,
  permissions: Permissions,
  actorAccountId: string,
  mastodonReportUrl: string,
): ActionChoice {
  const offered: OfferedAction[] = [];
  const notOffered: NotOffered[] = [];
  const t = state.target;
  const reports = permissions.can("manage_reports");
  const users = permissions.can("manage_users");
  const overrides = t.rolePosition === null || state.actorRolePosition > t.rolePosition;
  const notifyDefault = state.category !== "spam";
  const offer = (key: ActionKey, extra: Partial<OfferedAction> = {}) =>
    offered.push({ key, destructive: false, takesText: false, notifyChoice: null, ...extra });
  const refuse = (key: ActionKey, because: string) => notOffered.push({ key, because, link: mastodonReportUrl });

  if (reports) {
    for (const change of ["assign_to_self", "unassign", "resolve", "reopen"] as const) {
      if (!pointless(change, state.resolved, state.assignedAccountId, actorAccountId)) offer(change);
    }
    offer("note");
  }
  const accountOffer = (key: ActionKey, needsUsers: boolean, destructive: boolean) => {
    if (state.resolved || !reports) return;
    if (needsUsers && !users) return;
    if (!overrides) return refuse(key, `${t.acct}'s role is not below yours, so Mastodon does not let you act on it.`);
    const type = key === "warn" ? "none" : (key as "disable" | "sensitive" | "silence" | "suspend");
    if (accountActionRefusal(type, state)) return;
    offer(key, {
      destructive,
      takesText: true,
      notifyChoice: t.local ? (users ? { default: notifyDefault } : null) : null,
      notifyForced: t.local && !users ? notifyDefault : undefined,
    });
  };
  accountOffer("warn", true, false);
  accountOffer("sensitive", true, true);
  accountOffer("silence", false, true);
  accountOffer("suspend", false, true);
  accountOffer("disable", true, true);
  if (users) {
    for (const key of ["unsilence", "unsensitive", "unsuspend", "enable"] as const) {
      if (!reversalRefusal(key, state)) offer(key);
      else if (key === "unsuspend" && t.suspended) {
        refuse(key, `${t.acct} was suspended by its own server; Mastodon lets only that server lift it.`);
      }
    }
  }
  if (reports && !state.resolved) statusOffers(state, statuses, users, notifyDefault, offer, refuse);
  notOffered.push({
    key: "warning_preset",
    because: "Mastodon's custom action page has the presets, and its report page adds or removes posts.",
    link: mastodonReportUrl,
  });
  return { offered: sortByCatalog(offered), notOffered };
}

function statusOffers(
  state: ReportActionState,
  statuses: ReportedStatusSummary,
  users: boolean,
  notifyDefault: boolean,
  offer: (key: ActionKey, extra?: Partial<OfferedAction>) => void,
  refuse: (key: ActionKey, because: string) => void,
) {
  const notify = state.target.local
    ? { notifyChoice: users ? { default: notifyDefault } : null, notifyForced: users ? undefined : notifyDefault }
    : { notifyChoice: null };
  if (statuses.collections > 0) {
    const because =
      "This report includes collections, which Mastodon 4.6 deletes or marks through its own services together " +
      "with the posts.";
    refuse("delete_statuses", because);
    refuse("mark_statuses_sensitive", because);
    return;
  }
  if (statuses.rows > 0) offer("delete_statuses", { destructive: true, takesText: true, ...notify });
  if (statuses.sensitiveCandidates === 0) return;
  if (state.target.local) {
    refuse(
      "mark_statuses_sensitive",
      "For a local author Mastodon marks a post sensitive by editing it as the instance actor (a new post " +
        "version and an ActivityPub Update to every follower's server), which Howdah cannot reproduce faithfully.",
    );
    return;
  }
  offer("mark_statuses_sensitive", { destructive: true, takesText: true, ...notify });
}

function sortByCatalog(list: OfferedAction[]): OfferedAction[] {
  return [...list].sort((a, b) => ACTION_KEYS.indexOf(a.key) - ACTION_KEYS.indexOf(b.key));
}

/** Whether this key is offered now (the POST checks again with the state it locked). */
export function findOffer(choice: ActionChoice, key: ActionKey): OfferedAction | null {
  return choice.offered.find((o) => o.key === key) ?? null;
}
