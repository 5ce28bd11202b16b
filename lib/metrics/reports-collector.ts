import "server-only";
import type { MetricsCollector } from "./collectors";

/**
 * mastodon_reports_open: unresolved reports (Report.unresolved, what
 * Mastodon's dashboard counts); mastodon_reports_oldest_open_seconds: how
 * long the oldest of them has waited (0 when none is open, so an alert on it
 * clears by itself).
 */
export const reportsCollector: MetricsCollector = {
  name: "reports",
  async collect(context) {
    const open = await context.mastodon.reports.readOpenFigures();
    const oldest = open.oldestOpenAt === null ? 0 : Math.max(0, (Date.now() - Date.parse(open.oldestOpenAt)) / 1000);
    return [
      {
        name: "mastodon_reports_open",
        help: "Reports not yet resolved.",
        type: "gauge",
        samples: [{ labels: {}, value: open.open }],
      },
      {
        name: "mastodon_reports_oldest_open_seconds",
        help: "Seconds the oldest unresolved report has been waiting (0 when none is open).",
        type: "gauge",
        samples: [{ labels: {}, value: Math.round(oldest) }],
      },
    ];
  },
};
