import { createIncident } from "@/lib/status/incidents";
import type { Store } from "@/lib/store/connection";

/**
 * What the status bench serves: a page derived from open incidents and
 * maintenance as well as the readings (an incident on federation, a
 * maintenance window in progress on media, one scheduled for tomorrow on
 * the web), as a busy day's page is. `remove` deletes them and their audit
 * lines, so the bench leaves its database as it found it.
 */
const BENCH_ACTOR = { accountId: "0", acct: "bench", ip: null };
export const BENCH_INCIDENT_TITLE = "Federation delayed (bench)";

export async function openBenchIncidents(store: Store): Promise<{ remove(): Promise<void> }> {
  const hour = 3_600_000;
  const now = Date.now();
  const created = [
    await createIncident(
      store,
      {
        kind: "incident",
        title: BENCH_INCIDENT_TITLE,
        body: "Posts from other servers arrive late; we are looking into it.",
        impact: "minor",
        status: "investigating",
        components: ["federation"],
      },
      BENCH_ACTOR,
    ),
    await createIncident(
      store,
      {
        kind: "maintenance",
        title: "Media storage move (bench)",
        body: "Media moves to new storage; uploads may be slow.",
        impact: "minor",
        status: "in_progress",
        components: ["media"],
        scheduledStart: new Date(now - hour).toISOString(),
        scheduledEnd: new Date(now + hour).toISOString(),
      },
      BENCH_ACTOR,
    ),
    await createIncident(
      store,
      {
        kind: "maintenance",
        title: "Upgrade (bench)",
        body: "Mastodon is upgraded; the site is down for a few minutes.",
        impact: "major",
        status: "scheduled",
        components: ["web"],
        scheduledStart: new Date(now + 24 * hour).toISOString(),
        scheduledEnd: new Date(now + 25 * hour).toISOString(),
      },
      BENCH_ACTOR,
    ),
  ];
  const ids = created.map((i) => BigInt(i.id));
  return {
    async remove() {
      await store.prisma.incidentUpdate.deleteMany({ where: { incidentId: { in: ids } } });
      await store.prisma.incident.deleteMany({ where: { id: { in: ids } } });
      await store.prisma.auditEntry.deleteMany({
        where: { targetType: "incident", target: { in: ids.map(String) } },
      });
    },
  };
}
