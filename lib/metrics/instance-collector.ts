import "server-only";
import { latestOrFirstSample } from "@/lib/overview/instance-sample";
import type { MetricsCollector } from "./collectors";

/** The worker's latest instance counts (never counted during a scrape). */
export const instanceCollector: MetricsCollector = {
  name: "instance",
  async collect(context) {
    const sample = await latestOrFirstSample(context);
    if (!sample) return [];
    const gauge = (name: string, help: string, value: number) => ({
      name,
      help,
      type: "gauge" as const,
      samples: [{ value }],
    });
    return [
      gauge(
        "mastodon_users",
        "Confirmed users whose account is not suspended (Mastodon's user count).",
        sample.userCount,
      ),
      gauge(
        "mastodon_active_users_30d",
        "Distinct users Mastodon's activity:logins tracker saw in the last 30 UTC days (its dashboard's active users).",
        sample.activeUsers30d,
      ),
      gauge("mastodon_remote_accounts", "Remote accounts known to the instance.", sample.remoteAccounts),
      gauge("mastodon_open_reports", "Reports not yet resolved.", sample.pendingReports),
      gauge("mastodon_known_domains", "Domains in Mastodon's instances view.", sample.knownDomains),
    ];
  },
};
