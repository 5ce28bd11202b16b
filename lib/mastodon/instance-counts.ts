import "server-only";
import type pg from "pg";

/**
 * Instance-wide counts with Mastodon's own definitions (facts §9, §11):
 * the "user count" is confirmed users whose account is not suspended (what
 * Mastodon caches as cache:user_count); local accounts exclude the instance
 * actor (id -99); known domains come from the `instances` materialized view.
 * These scan big tables, so only the worker runs them, on the replica when
 * there is one, and pages read the stored sample.
 */
export interface InstanceCounts {
  userCount: number;
  /** Mastodon's login tracker over the last 30 UTC days (instance/login-tracker.ts), not a SQL count. */
  activeUsers30d: number;
  localAccounts: number;
  remoteAccounts: number;
  pendingReports: number;
  knownDomains: number;
}

export async function countInstance(readDb: pg.Pool): Promise<Omit<InstanceCounts, "activeUsers30d">> {
  const { rows } = await readDb.query<Record<keyof Omit<InstanceCounts, "activeUsers30d">, string>>(`
    SELECT
      (SELECT count(*) FROM users u JOIN accounts a ON a.id = u.account_id
        WHERE u.confirmed_at IS NOT NULL AND a.suspended_at IS NULL) AS "userCount",
      (SELECT count(*) FROM accounts WHERE domain IS NULL AND id <> -99) AS "localAccounts",
      (SELECT count(*) FROM accounts WHERE domain IS NOT NULL) AS "remoteAccounts",
      (SELECT count(*) FROM reports WHERE action_taken_at IS NULL) AS "pendingReports",
      (SELECT count(*) FROM instances) AS "knownDomains"`);
  const row = rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as Omit<
    InstanceCounts,
    "activeUsers30d"
  >;
}
