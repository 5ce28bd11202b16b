import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import type { QueueAlert } from "@/lib/queues/alerts";

/** Backlog alerts, worst first, from the same reading as the figures beside them; nothing when all is well. */
export function AlertList({ alerts, problem }: { alerts: QueueAlert[]; problem: string | null }) {
  if (problem) return <Notice tone="warn">Alerts could not be checked: {problem}</Notice>;
  if (alerts.length === 0) return null;
  const sorted = [...alerts].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1));
  return (
    <section aria-label="Backlog alerts" className="space-y-2">
      {sorted.map((alert) => (
        <Notice key={alert.id} tone={alert.severity === "critical" ? "bad" : "warn"}>
          <span className="font-semibold">{alert.severity === "critical" ? "Critical" : "Warning"}:</span>{" "}
          {alert.message}
          {alert.since ? (
            <span className="text-muted">
              {" "}
              Since <DateTime at={alert.since} relative />.
            </span>
          ) : null}
        </Notice>
      ))}
    </section>
  );
}
