import "server-only";
import type { MetricsCollector } from "./collectors";

/**
 * mastodon_domain_blocks{severity}: Mastodon's domain_blocks rows by severity
 * (silence, suspend, noop; "unset" only when some row has a NULL severity,
 * which Mastodon 4.3's importer can leave). One GROUP BY on a small table.
 */
export const federationCollector: MetricsCollector = {
  name: "federation",
  async collect(context) {
    const counts = await context.mastodon.federation.countBySeverity();
    const severities = ["silence", "suspend", "noop", ...(counts.unset > 0 ? ["unset" as const] : [])] as const;
    return [
      {
        name: "mastodon_domain_blocks",
        help: "Domain blocks in Mastodon, by severity (suspend, silence, noop: reject media or reports only).",
        type: "gauge",
        samples: severities.map((severity) => ({ labels: { severity }, value: counts[severity] })),
      },
    ];
  },
};
