"use client";

import { Notice } from "@/components/ui/notice";
import { useQueueAlerts } from "@/lib/client/use-queues";
import { DateTime } from "@/components/ui/date-time";

/** Active backlog alerts, worst first; nothing when all is well. */
export function AlertList() {
  const { data, error } = useQueueAlerts();
  if (error) return <Notice tone="warn">Alerts could not be checked: {error.message}</Notice>;
  if (!data || data.alerts.length === 0) return null;
  const alerts = [...data.alerts].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1));
  return (
    <section aria-label="Backlog alerts" className="space-y-2">
      {alerts.map((alert) => (
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
