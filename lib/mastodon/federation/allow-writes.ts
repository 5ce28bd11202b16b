import "server-only";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";
import { UTC_NOW } from "@/lib/mastodon/action-log/utc-now";
import { writeActionLog } from "@/lib/mastodon/action-log/write-action-log";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { enqueueJob } from "@/lib/mastodon/sidekiq-client/enqueue";
import { AFTER_UNALLOW_DOMAIN_WORKER } from "@/lib/mastodon/sidekiq-client/workers";
import { assertWritable } from "@/lib/mastodon/version";
import { inTransaction } from "@/lib/pg/in-transaction";
import type { BlockActor, BlockJob, BlockWriteDeps } from "./block-writes";
import { displayDomain, normalizeDomain } from "./domain-name";
import { refreshInstancesIfNeeded, type InstancesRefresh } from "./instances-view";

/**
 * Domain allows exactly as Admin::DomainAllowsController makes them (facts
 * A8, v4.3.23 / v4.6.5):
 *
 * - create: INSERT domain_allows (domain, created_at = updated_at = now), log
 *   `create` / DomainAllow; after commit the instances view is refreshed when
 *   it lacks the domain (after_create_commit, as for blocks). No job.
 * - destroy, in limited federation mode (UnallowDomainService): every account
 *   of exactly that domain gets suspended_at = now (4.4+ `touch_all`, which
 *   moves updated_at too; 4.3 `update_all`, which does not), then
 *   AfterUnallowDomainWorker [domain] deletes them with
 *   reserve_username: false, which destroys the account rows and the reports
 *   by and against them. The row is deleted and `destroy` is logged.
 * - destroy outside limited mode: only the row and the log (mastodon#14298).
 *
 * Rows and log are one transaction; then the refresh; then the job.
 */
export interface AllowRow {
  id: string;
  domain: string;
  display: string;
  createdAt: Date;
}

export interface AllowChange {
  kind: "create" | "destroy";
  allow: AllowRow;
  actionLogId: string;
  /** Destroy in limited mode: the accounts marked suspended before the worker deletes them. */
  suspendedAccounts: number;
  job: BlockJob | null;
  instances: InstancesRefresh | null;
}

type Queryable = Pick<pg.ClientBase, "query">;

const toAllow = (r: Record<string, unknown>): AllowRow => ({
  id: r.id as string,
  domain: r.domain as string,
  display: displayDomain(r.domain as string),
  createdAt: r.created_at as Date,
});

export async function listAllows(db: Queryable): Promise<AllowRow[]> {
  const { rows } = await db.query("SELECT id::text AS id, domain, created_at FROM domain_allows ORDER BY domain");
  return rows.map(toAllow);
}

/** What removing an allow destroys in limited mode: accounts of exactly that domain, and reports by or against them. */
export async function readAllowRemovalFigures(
  db: Queryable,
  id: string,
): Promise<{ allow: AllowRow; accounts: number; reports: number; openReports: number } | null> {
  const { rows } = await db.query(
    `SELECT d.id::text AS id, d.domain, d.created_at,
        (SELECT count(*) FROM accounts a WHERE a.domain = d.domain) AS accounts,
        (SELECT count(*) FROM reports p WHERE p.account_id IN (SELECT id FROM accounts WHERE domain = d.domain)
            OR p.target_account_id IN (SELECT id FROM accounts WHERE domain = d.domain)) AS reports,
        (SELECT count(*) FROM reports p WHERE p.action_taken_at IS NULL AND (
               p.account_id IN (SELECT id FROM accounts WHERE domain = d.domain)
            OR p.target_account_id IN (SELECT id FROM accounts WHERE domain = d.domain))) AS open_reports
       FROM domain_allows d WHERE d.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    allow: toAllow(r),
    accounts: Number(r.accounts),
    reports: Number(r.reports),
    openReports: Number(r.open_reports),
  };
}

export async function createAllow(deps: BlockWriteDeps, actor: BlockActor, input: string): Promise<AllowChange> {
  assertWritable(deps.version);
  const checked = normalizeDomain(input);
  if (!checked.ok) throw new HowdahError("bad_request", checked.message);
  const domain = checked.domain;
  const created = await inTransaction(deps.mastodon.db, async (client) => {
    const inserted = await client.query(
      `INSERT INTO domain_allows (domain, created_at, updated_at)
       SELECT $1, t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t
       ON CONFLICT (domain) DO NOTHING RETURNING id::text AS id, domain, created_at`,
      [domain],
    );
    if (!inserted.rows[0])
      throw new HowdahError("bad_request", `${displayDomain(domain)} is already allowed. Nothing was changed.`);
    const allow = toAllow(inserted.rows[0]);
    const actionLogId = await writeActionLog(client, deps.version, {
      accountId: actor.accountId,
      action: "create",
      target: { type: "DomainAllow", id: allow.id },
    });
    return { allow, actionLogId };
  });
  const instances = await refreshInstancesIfNeeded(deps.mastodon.db, deps.version, domain, { mastodonWould: true });
  return { kind: "create", ...created, suspendedAccounts: 0, job: null, instances };
}

export async function destroyAllow(
  deps: BlockWriteDeps,
  actor: BlockActor,
  input: { id: string; limitedFederationMode: boolean },
): Promise<AllowChange> {
  assertWritable(deps.version);
  const done = await inTransaction(deps.mastodon.db, async (client) => {
    const found = await client.query(
      "SELECT id::text AS id, domain, created_at FROM domain_allows WHERE id = $1 FOR UPDATE",
      [input.id],
    );
    if (!found.rows[0]) throw new HowdahError("not_found", "This domain allow no longer exists. Nothing was changed.");
    const allow = toAllow(found.rows[0]);
    let suspendedAccounts = 0;
    if (input.limitedFederationMode) {
      // 4.4+ touch_all(:suspended_at) moves updated_at too; 4.3's update_all leaves it.
      const touch = deps.version.release === "4.3" ? "" : ", updated_at = t.at";
      const r = await client.query(
        `UPDATE accounts SET suspended_at = t.at${touch} FROM (SELECT ${UTC_NOW} AS at) t WHERE domain = $1`,
        [allow.domain],
      );
      suspendedAccounts = r.rowCount ?? 0;
    }
    await client.query("DELETE FROM domain_allows WHERE id = $1", [allow.id]);
    const actionLogId = await writeActionLog(client, deps.version, {
      accountId: actor.accountId,
      action: "destroy",
      target: { type: "DomainAllow", id: allow.id, domain: allow.domain },
    });
    return { allow, actionLogId, suspendedAccounts };
  });
  let job: BlockJob | null = null;
  if (input.limitedFederationMode) {
    const args = [done.allow.domain];
    try {
      const pushed = await enqueueJob(
        deps.mastodon.sidekiqRedis,
        sidekiqKeys(deps.mastodon.keyPrefix),
        deps.version.sidekiqFormat,
        { ...AFTER_UNALLOW_DOMAIN_WORKER, args },
      );
      job = { className: pushed.className, queue: pushed.queue, args, jid: pushed.jid };
    } catch (error) {
      throw new HowdahError(
        "unavailable",
        `The allow on ${done.allow.display} was removed and its accounts marked suspended, but ` +
          `AfterUnallowDomainWorker could not be enqueued (${describeServiceFailure(error)}); ` +
          "Mastodon will not delete those accounts until it runs.",
        { partial: true },
      );
    }
  }
  return { kind: "destroy", ...done, job, instances: null };
}
