/**
 * The report actions as the API and the report page speak of them: keys,
 * labels, what each GET offers and what a POST answers. Shared by the
 * server (lib/reports/actions) and the panel (components/reports).
 */
export const ACTION_KEYS = [
  "assign_to_self",
  "unassign",
  "resolve",
  "reopen",
  "note",
  "warn",
  "sensitive",
  "silence",
  "suspend",
  "disable",
  "unsilence",
  "unsensitive",
  "unsuspend",
  "enable",
  "delete_statuses",
  "mark_statuses_sensitive",
  "warning_preset",
] as const;

export type ActionKey = (typeof ACTION_KEYS)[number];

export const ACTION_LABELS: Record<ActionKey, string> = {
  assign_to_self: "Assign to me",
  unassign: "Unassign",
  resolve: "Resolve",
  reopen: "Reopen",
  note: "Add a note",
  warn: "Send a warning",
  sensitive: "Mark the account as sensitive",
  silence: "Limit the account",
  suspend: "Suspend the account",
  disable: "Freeze the account",
  unsilence: "Lift the limit",
  unsensitive: "Lift the sensitive mark",
  unsuspend: "Unsuspend",
  enable: "Unfreeze",
  delete_statuses: "Delete the reported posts",
  mark_statuses_sensitive: "Mark the reported posts as sensitive",
  warning_preset: "Warning presets and editing the report's posts",
};

/** What each account or post action also does, said before it is confirmed. */
export const ACTION_EFFECTS: Partial<Record<ActionKey, string>> = {
  warn: "Records a strike and resolves this report.",
  sensitive: "Records a strike and resolves every open report on this account.",
  silence: "Hides the account from people who do not follow it, records a strike and resolves every open report on it.",
  suspend:
    "Suspends the account (its data is deleted after 30 days unless lifted), records a strike and resolves " +
    "every open report on it.",
  disable: "Stops the person from signing in, records a strike and resolves every open report on the account.",
  unsuspend: "Lifts the suspension; strikes stay.",
  delete_statuses: "Deletes every reported post and its boosts, records a strike and resolves this report.",
  mark_statuses_sensitive: "Hides the posts' media behind a warning, records a strike and resolves this report.",
};

export interface OfferedAction {
  key: ActionKey;
  /** Asks for a confirmation first. */
  destructive: boolean;
  /** Takes the optional message (the strike's text, which the person sees). */
  takesText: boolean;
  /** The person may choose to notify (e-mail and in-app, one flag); null when there is no choice. */
  notifyChoice: { default: boolean } | null;
  /** When there is no choice but a notification is decided: whether it is sent. */
  notifyForced?: boolean;
}

export interface NotOffered {
  key: ActionKey;
  because: string;
  /** Mastodon's own page for it. */
  link: string;
}

export interface ReportActionsView {
  reportId: string;
  /** Send it back with every action: it says which state the choice was made on. */
  token: string;
  resolved: boolean;
  assignedToYou: boolean;
  /** Who has it, when someone does. */
  assignedTo: string | null;
  target: { acct: string; local: boolean };
  offered: OfferedAction[];
  notOffered: NotOffered[];
  mastodonUrl: string;
  noteLimit: number;
}

export interface ReportActionResult {
  message: string;
}

export const BULK_ACTIONS = ["assign_to_self", "unassign", "resolve"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const BULK_LIMIT = 500;

export interface BulkResult {
  results: { id: string; ok: boolean; message: string }[];
}
