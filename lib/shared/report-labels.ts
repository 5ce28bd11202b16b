/**
 * Words for report fields, the same on the queue, the report page and the
 * figures. Categories and strike actions use the names Mastodon's admin shows.
 */
export const CATEGORY_LABELS = {
  violation: "Rule violation",
  legal: "Legal",
  other: "Other",
  spam: "Spam",
} as const;

export type CategoryKey = keyof typeof CATEGORY_LABELS;

export const categoryLabel = (category: string): string => CATEGORY_LABELS[category as CategoryKey] ?? category;

const STRIKE_LABELS: Record<string, string> = {
  none: "Warning",
  disable: "Freeze",
  mark_statuses_as_sensitive: "Posts marked sensitive",
  delete_statuses: "Posts deleted",
  sensitive: "Media marked sensitive",
  silence: "Limit",
  suspend: "Suspension",
};

export const strikeLabel = (action: string): string => STRIKE_LABELS[action] ?? action;

/** admin_action_logs verbs as a sentence part: "assigned the report to themselves". */
const LOG_VERBS: Record<string, string> = {
  "assigned_to_self Report": "assigned the report to themselves",
  "unassigned Report": "unassigned the report",
  "resolve Report": "resolved the report",
  "reopen Report": "reopened the report",
  "update Report": "changed the report's category or rules",
  "create AccountWarning": "sent a warning to",
  "silence Account": "limited",
  "unsilence Account": "lifted the limit on",
  "suspend Account": "suspended",
  "unsuspend Account": "lifted the suspension of",
  "sensitive Account": "marked the media of",
  "unsensitive Account": "lifted the sensitive mark on",
  "memorialize Account": "turned into a memorial",
  "unblock_email Account": "unblocked the e-mail address of",
  "destroy Status": "deleted a post by",
  "update Status": "changed a post by",
};

export function historyVerb(action: string, targetType: string): string {
  return LOG_VERBS[`${action} ${targetType}`] ?? `${action} (${targetType})`;
}

/** How old an account is, in the largest whole unit: "3 years", "5 months", "12 days", "today". */
export function accountAge(createdAt: string, now = Date.now()): string {
  const days = Math.floor((now - Date.parse(createdAt)) / 86_400_000);
  if (days < 1) return "less than a day";
  if (days < 60) return `${days} day${days === 1 ? "" : "s"}`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${months} months`;
  return `${Math.floor(days / 365.25)} years`;
}
