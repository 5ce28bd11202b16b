import type pg from "pg";
import { countInstance, type InstanceCounts } from "@/lib/mastodon/instance-counts";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";

/** The worker's instance sampler: count once, store the figures with their time. */
const COUNT_FIELDS = [
  "userCount",
  "activeUsers30d",
  "localAccounts",
  "remoteAccounts",
  "pendingReports",
  "knownDomains",
] as const satisfies readonly (keyof InstanceCounts)[];
const COLUMNS: Record<(typeof COUNT_FIELDS)[number], string> = {
  userCount: "user_count",
  activeUsers30d: "active_users_30d",
  localAccounts: "local_accounts",
  remoteAccounts: "remote_accounts",
  pendingReports: "pending_reports",
  knownDomains: "known_domains",
};

export async function sampleInstance(readDb: pg.Pool, store: Store, now = new Date()): Promise<InstanceCounts> {
  const counts = await countInstance(readDb);
  // Plain SQL, not Prisma: the worker runs this and otherwise never loads
  // Prisma's query compiler (some 40 to 80 MB of resident memory).
  await store.pool.query(
    `INSERT INTO howdah.instance_samples (taken_at, ${COUNT_FIELDS.map((field) => COLUMNS[field]).join(", ")}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [now, ...COUNT_FIELDS.map((field) => String(counts[field]))],
  );
  // One sample a few minutes apart is plenty for the overview; keep 90 days.
  await store.pool.query("DELETE FROM howdah.instance_samples WHERE taken_at < now() - interval '90 days'");
  return counts;
}

export async function latestInstanceSample(store: Store): Promise<(InstanceCounts & { takenAt: Date }) | null> {
  const { rows } = await store.pool.query<InstanceCounts & { takenAt: Date }>(
    `SELECT taken_at AS "takenAt", ${COUNT_FIELDS.map((field) => `${COLUMNS[field]}::float8 AS "${field}"`).join(", ")}
       FROM howdah.instance_samples ORDER BY taken_at DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** The latest sample; on a brand-new install (no sample yet) takes the first one now. */
export async function latestOrFirstSample(context: ServerContext) {
  const store = await context.store();
  const latest = await latestInstanceSample(store);
  if (latest) return latest;
  await sampleInstance(context.mastodon.readDb, store);
  return latestInstanceSample(store);
}
