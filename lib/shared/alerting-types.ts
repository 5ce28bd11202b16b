/** What the Alerts page shows (lib/alerts/alerting-actions.ts builds it; components render it). */
export const CONTACT_POINT_KINDS = ["email", "webhook", "slack", "discord", "ntfy", "matrix"] as const;
export type ContactPointKind = (typeof CONTACT_POINT_KINDS)[number];

export const CONTACT_POINT_LABELS: Record<ContactPointKind, string> = {
  email: "E-mail (Mastodon's SMTP settings)",
  webhook: "Webhook (JSON)",
  slack: "Slack-compatible webhook",
  discord: "Discord webhook",
  ntfy: "ntfy topic",
  matrix: "Matrix room",
};

export interface ContactPointView {
  id: string;
  name: string;
  kind: ContactPointKind;
  /** Where it goes, without secrets: "admin@example.social", "hooks.slack.com", "!room:example.org on m.org". */
  target: string;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface SilenceView {
  id: string;
  matcher: string;
  comment: string;
  endsAt: string;
  createdAt: string;
  createdBy: string | null;
}

export interface AlertStateView {
  id: string;
  state: "pending" | "firing";
  severity: "warning" | "critical";
  title: string;
  message: string;
  since: string;
  notifiedAt: string | null;
}

export interface AlertingOverview {
  contactPoints: ContactPointView[];
  silences: SilenceView[];
  /** As typed: "5m", "4h". */
  policy: { pending: string; repeat: string };
  alerts: AlertStateView[];
  /** Whether Mastodon's SMTP settings are there, so e-mail can be offered. */
  emailReady: boolean;
  rules: AlertRulesView;
}

/** The rules with a warning and a critical level (lib/alerts/rule-settings.ts), in the order the form shows them. */
export const RULE_FIELDS = [
  { key: "queueSize", label: "Jobs waiting in one queue", unit: "count", worse: "at or above" },
  { key: "processesBelow", label: "Sidekiq processes running", unit: "count", worse: "below" },
  { key: "diskFullWithin", label: "Media storage forecast to be full within", unit: "time", worse: "within" },
  { key: "ingressDelay", label: "Incoming federation late by", unit: "time", worse: "at or above" },
  { key: "blocklistPending", label: "Blocklist changes waiting for a decision", unit: "count", worse: "at or above" },
  { key: "unassignedReportAge", label: "Oldest report nobody took, waiting", unit: "time", worse: "at or above" },
] as const;
export type RuleKey = (typeof RULE_FIELDS)[number]["key"];

export interface AlertRulesView {
  /** Each level as the form shows it: a count, a duration ("30d"), or "" when off. */
  levels: Record<RuleKey, { warning: string; critical: string }>;
  /** Per-queue size levels, kept as they are by the form. */
  perQueueSize: Record<string, { warning: number | null; critical: number | null }>;
  /** Critical latency per queue, as typed: "push=10m, ingress=30m" ("" → four times each warning threshold). */
  criticalLatency: string;
  /** Critical levels of retry and dead growth ("" → four times the warning). */
  criticalRetryGrowth: string;
  criticalDeadGrowth: string;
  updatedAt: string | null;
  updatedBy: string | null;
}
