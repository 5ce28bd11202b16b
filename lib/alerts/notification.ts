import "server-only";
/**
 * One message to a person: an alert that started firing (or still fires, at
 * the repeat interval), one that resolved, or a test send. Built by the
 * notifier (notifier-state.ts), formatted per contact point (payloads.ts).
 */
export interface AlertNotification {
  status: "firing" | "resolved" | "test";
  alertId: string;
  severity: "warning" | "critical";
  title: string;
  message: string;
  /** ISO: when the condition was first seen. */
  since: string;
  /** ISO: when this was sent. */
  at: string;
  /** The instance's domain, so a person with several servers knows which. */
  instance: string;
  /** Where to look: Howdah's own page for it, from HOWDAH_URL. */
  link: string;
}

const WORD = { firing: "Firing", resolved: "Resolved", test: "Test" } as const;

/** "[Firing · critical] example.social: Outgoing federation 21 min behind" */
export function headline(n: AlertNotification): string {
  const level = n.status === "firing" ? ` · ${n.severity}` : "";
  return `[${WORD[n.status]}${level}] ${n.instance}: ${n.title}`;
}

/** The plain-text body every channel carries. */
export function plainText(n: AlertNotification): string {
  const lead =
    n.status === "resolved"
      ? `Resolved: ${n.message}`
      : n.status === "test"
        ? "This is a test from Howdah: alerts for this server will arrive here."
        : n.message;
  return `${lead}\n\nSince ${n.since} · ${n.link}`;
}
