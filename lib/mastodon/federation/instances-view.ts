import "server-only";
import type pg from "pg";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import type { MastodonVersion } from "@/lib/mastodon/version";

/**
 * The `instances` materialized view, through which DomainBlockWorker and
 * UnblockDomainService find "the accounts of a domain and its sub-domains"
 * (Account.by_domain_and_subdomains). Mastodon refreshes it hourly
 * (Scheduler::InstanceRefreshScheduler) and after creating a block whose
 * domain the view lacks (DomainMaterializable#refresh_instances_view,
 * after_create_commit: `REFRESH MATERIALIZED VIEW CONCURRENTLY instances`; 4.3's
 * DatabaseViewRecord retries without CONCURRENTLY when that fails).
 */
export interface InstancesRefresh {
  /** Why the view was refreshed: Mastodon's own rule, Howdah's stale-view rule, or not at all. */
  reason: "new-domain" | "stale-accounts" | null;
  /** Accounts on the domain or its sub-domains whose domain the view lacked before. */
  staleAccounts: number;
  /** Set when the refresh was wanted but failed (the write itself stands). */
  problem: string | null;
}

/** Accounts on the domain or a sub-domain whose domain is missing from the view: the worker would skip them. */
export const STALE_ACCOUNTS_SQL = `SELECT count(*)::bigint AS n FROM accounts a
  WHERE (a.domain = $1 OR a.domain LIKE '%.' || $1)
    AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.domain = a.domain)`;

export async function refreshInstancesIfNeeded(
  db: pg.Pool,
  version: MastodonVersion,
  domain: string,
  options: { mastodonWould: boolean },
): Promise<InstancesRefresh> {
  let reason: InstancesRefresh["reason"] = null;
  let staleAccounts = 0;
  try {
    if (options.mastodonWould) {
      const { rowCount } = await db.query("SELECT 1 FROM instances WHERE domain = $1", [domain]);
      if (!rowCount) reason = "new-domain";
    }
    staleAccounts = Number((await db.query<{ n: string }>(STALE_ACCOUNTS_SQL, [domain])).rows[0]?.n ?? 0);
    if (reason === null && staleAccounts > 0) reason = "stale-accounts";
    if (reason === null) return { reason, staleAccounts, problem: null };
    await refreshInstances(db, version);
    return { reason, staleAccounts, problem: null };
  } catch (error) {
    return {
      reason,
      staleAccounts,
      problem:
        `the instances view could not be refreshed (${describeServiceFailure(error)}); ` +
        "Mastodon's hourly refresh will bring it up to date",
    };
  }
}

export async function refreshInstances(db: pg.Pool, version: MastodonVersion): Promise<void> {
  try {
    await db.query("REFRESH MATERIALIZED VIEW CONCURRENTLY instances");
  } catch (error) {
    if (version.release !== "4.3") throw error;
    await db.query("REFRESH MATERIALIZED VIEW instances");
  }
}
