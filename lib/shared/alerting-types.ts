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
}
