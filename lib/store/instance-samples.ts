import "server-only";
import type { InstanceCounts } from "@/lib/mastodon/instance-counts";
import type { Store } from "./connection";

/**
 * The worker's instance samples (howdah.instance_samples): the counts with
 * the time they were taken. Plain SQL, not Prisma: the worker writes these and
 * otherwise never loads Prisma's query compiler (some 40 to 80 MB of resident
 * memory).
 */
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

/** Stores one sample and drops those older than 90 days (one every few minutes is plenty for the overview). */
export async function insertInstanceSample(store: Store, counts: InstanceCounts, takenAt: Date): Promise<void> {
  await store.pool.query(
    `INSERT INTO howdah.instance_samples (taken_at, ${COUNT_FIELDS.map((field) => COLUMNS[field]).join(", ")})
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [takenAt, ...COUNT_FIELDS.map((field) => String(counts[field]))],
  );
  await store.pool.query("DELETE FROM howdah.instance_samples WHERE taken_at < now() - interval '90 days'");
}

export async function latestInstanceSample(store: Store): Promise<(InstanceCounts & { takenAt: Date }) | null> {
  const { rows } = await store.pool.query<InstanceCounts & { takenAt: Date }>(
    `SELECT taken_at AS "takenAt", ${COUNT_FIELDS.map((field) => `${COLUMNS[field]}::float8 AS "${field}"`).join(", ")}
       FROM howdah.instance_samples ORDER BY taken_at DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}
