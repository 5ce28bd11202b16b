import "server-only";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";
import type { MastodonConnections } from "@/lib/mastodon/connections";
import { UTC_NOW } from "@/lib/mastodon/action-log/utc-now";
import { writeActionLog } from "@/lib/mastodon/action-log/write-action-log";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { enqueueJob } from "@/lib/mastodon/sidekiq-client/enqueue";
import { DOMAIN_BLOCK_WORKER } from "@/lib/mastodon/sidekiq-client/workers";
import { assertWritable, type MastodonVersion } from "@/lib/mastodon/version";
import { inTransaction } from "@/lib/pg/in-transaction";
import { BLOCK_COLUMNS, coveringBlocks, readBlock, toBlockRow, type DomainBlockRow } from "./block-rows";
import { normalizeDomain } from "./domain-name";
import { refreshInstancesIfNeeded, type InstancesRefresh } from "./instances-view";
import { SEVERITY_VALUE, describePolicy, stricterThan, type BlockPolicy, type Severity } from "./severity";

/**
 * Creating, changing and removing a domain block exactly as Mastodon's
 * Admin::DomainBlocksController does (facts A1–A4, v4.3.23 / v4.6.5):
 *
 * - create, new domain: INSERT (created_at = updated_at = now), log `create`;
 *   after commit the `instances` view is refreshed when it lacks the domain
 *   (DomainMaterializable, after_create_commit); DomainBlockWorker [id].
 * - create on a domain that already has its own block ("upgrade"): allowed
 *   only when stricter_than? (equal counts); the row is updated in place,
 *   created_at kept (updated_at only moves if something changed: a Rails save
 *   without changes writes nothing), log `create` on that id, no view
 *   refresh, DomainBlockWorker [id] without the update flag.
 * - update (edit form; the domain cannot change): log `update`,
 *   DomainBlockWorker [id, severity_previously_changed?] (always two args).
 * - destroy: UnblockDomainService synchronously (no job), then the row goes,
 *   log `destroy` with the domain.
 *
 * Rows and the admin_action_logs row are one transaction, serialised among
 * Howdah's block writes by an advisory lock (the covering rules read for the
 * guard cannot change underneath it); then the view refresh; then the job.
 * Mastodon invalidates no cache for domain blocks (rule_for reads PostgreSQL
 * every time), so neither does Howdah.
 *
 * Howdah's additions, all refusals or refreshes Mastodon lacks:
 * - the guard covers every block on a parent domain, and edits too (Mastodon's
 *   edit form does not check, so an edit can loosen a sub-domain below its
 *   parent and, rule_for reading only the most specific row, un-block it);
 * - when accounts on the domain or its sub-domains are missing from the
 *   `instances` view (sub-domains seen since its last hourly refresh), the
 *   view is refreshed before the worker or the unblock reads it, since both
 *   select accounts through it and would silently skip those accounts.
 *
 * Every write takes a `source` (where the change came from: the form, later
 * a file, URL or subscription batch) and returns it with the row's previous
 * state, so a batch can record and undo what it did.
 */
export type WriteSource = { kind: "form" } | { kind: "file" | "url" | "subscription"; ref: string; batchId?: string };

/**
 * How a write keeps the `instances` view current. `"now"` (the form): each
 * write refreshes it as described above. `"batch"`: the batch runner refreshes
 * it once before its first row, then every few seconds between pages and at
 * the end (lib/federation/import/run.ts), so accounts are in the view before
 * any row's DomainBlockWorker reads it and new domains appear in it soon,
 * instead of one full refresh per row (about 0.7 s each on a large instance,
 * which made a 20,000-row import take hours).
 */
export interface WriteOptions {
  instancesView: "now" | "batch";
}
const NOW: WriteOptions = { instancesView: "now" };
const LEFT_TO_BATCH: InstancesRefresh = { reason: null, staleAccounts: 0, problem: null };

export interface BlockFields {
  severity: Severity;
  rejectMedia: boolean;
  rejectReports: boolean;
  obfuscate: boolean;
  privateComment: string;
  publicComment: string;
}

export interface BlockJob {
  className: string;
  queue: string;
  args: (string | number | boolean)[];
  jid: string;
}

export interface BlockChange {
  kind: "create" | "upgrade" | "update" | "destroy";
  source: WriteSource;
  blockId: string;
  domain: string;
  /** The row before the change (null for a new block). */
  before: DomainBlockRow | null;
  /** The row after it (null once removed). */
  after: DomainBlockRow | null;
  actionLogId: string;
  /** DomainBlockWorker's job; null for a removal (UnblockDomainService runs in the request). */
  job: BlockJob | null;
  instances: InstancesRefresh;
  /** Removal: accounts whose silence or suspension carried this block's created_at, now lifted. */
  lifted: { unsilenced: number; unsuspended: number } | null;
}

export interface BlockWriteDeps {
  mastodon: MastodonConnections;
  version: MastodonVersion;
}

export interface BlockActor {
  accountId: string;
}

/** Serialises Howdah's block writes (the form's and a batch page's): the guard's reads cannot change underneath. */
export const BLOCK_WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('howdah:domain_blocks', 0))";

/** Whether Mastodon's form would first ask to confirm a suspension (requires_confirmation?). */
export function needsSuspendConfirmation(before: DomainBlockRow | null, fields: { severity: Severity }): boolean {
  return fields.severity === "suspend" && (before === null || before.severity !== "suspend");
}

/**
 * The guard, for the preview and the writes alike. Mastodon's create form
 * refuses a block that is not stricter_than? the most specific rule covering
 * the domain (its own block included); Howdah checks every covering block,
 * and on edits too (`includeOwn` false: the row being edited is not a rule
 * over itself). Null when the policy passes, else the sentence to show.
 */
export function guardMessage(
  covering: DomainBlockRow[],
  domain: string,
  fields: BlockPolicy,
  includeOwn: boolean,
): string | null {
  for (const rule of covering) {
    const own = rule.domain === domain;
    if ((own && !includeOwn) || stricterThan(fields, rule)) continue;
    return own
      ? `${rule.display} already has a stricter block (${describePolicy(rule)}); a new block cannot loosen it. ` +
          "Edit or remove that block instead. Nothing was changed."
      : looserMessage(rule, fields);
  }
  return null;
}

export async function createBlock(
  deps: BlockWriteDeps,
  actor: BlockActor,
  input: BlockFields & { domain: string; confirmed: boolean },
  source: WriteSource,
  options: WriteOptions = NOW,
): Promise<BlockChange> {
  assertWritable(deps.version);
  const checked = normalizeDomain(input.domain);
  if (!checked.ok) throw new HowdahError("bad_request", checked.message);
  const domain = checked.domain;
  const pending = await inTransaction(deps.mastodon.db, async (client) => {
    await client.query(BLOCK_WRITE_LOCK);
    const covering = await coveringBlocks(client, domain, true);
    const exact = covering.find((b) => b.domain === domain) ?? null;
    const refused = guardMessage(covering, domain, input, true);
    if (refused) throw new HowdahError("conflict", refused);
    if (needsSuspendConfirmation(exact, input) && !input.confirmed) throw confirmationNeeded(checked.display);
    if (exact) {
      const after = await updateFields(client, exact, input);
      const actionLogId = await logBlock(client, deps, actor, "create", after);
      return { kind: "upgrade" as const, before: exact, after, actionLogId };
    }
    const after = await insertBlock(client, domain, input);
    const actionLogId = await logBlock(client, deps, actor, "create", after);
    return { kind: "create" as const, before: null, after, actionLogId };
  });
  const instances =
    options.instancesView === "batch"
      ? LEFT_TO_BATCH
      : await refreshInstancesIfNeeded(deps.mastodon.db, deps.version, domain, {
          mastodonWould: pending.kind === "create",
        });
  const job = await enqueueBlockJob(deps, pending.after, [Number(pending.after.id)], pending.kind);
  return { ...pending, source, blockId: pending.after.id, domain, job, instances, lifted: null };
}

export async function updateBlock(
  deps: BlockWriteDeps,
  actor: BlockActor,
  input: BlockFields & { id: string; confirmed: boolean },
  source: WriteSource,
  options: WriteOptions = NOW,
): Promise<BlockChange> {
  assertWritable(deps.version);
  const pending = await inTransaction(deps.mastodon.db, async (client) => {
    await client.query(BLOCK_WRITE_LOCK);
    const before = await lockedBlock(client, input.id);
    const refused = guardMessage(await coveringBlocks(client, before.domain, true), before.domain, input, false);
    if (refused) throw new HowdahError("conflict", refused);
    if (needsSuspendConfirmation(before, input) && !input.confirmed) throw confirmationNeeded(before.display);
    const after = await updateFields(client, before, input);
    const actionLogId = await logBlock(client, deps, actor, "update", after);
    return { before, after, actionLogId };
  });
  const { before, after } = pending;
  const instances =
    options.instancesView === "batch"
      ? LEFT_TO_BATCH
      : await refreshInstancesIfNeeded(deps.mastodon.db, deps.version, after.domain, { mastodonWould: false });
  const severityChanged = before.severity !== after.severity;
  const job = await enqueueBlockJob(deps, after, [Number(after.id), severityChanged], "update");
  return {
    kind: "update",
    source,
    blockId: after.id,
    domain: after.domain,
    before,
    after,
    actionLogId: pending.actionLogId,
    job,
    instances,
    lifted: null,
  };
}

export async function destroyBlock(
  deps: BlockWriteDeps,
  actor: BlockActor,
  input: { id: string },
  source: WriteSource,
  options: WriteOptions = NOW,
): Promise<BlockChange> {
  assertWritable(deps.version);
  const existing = await readBlock(deps.mastodon.db, input.id);
  if (!existing) throw gone();
  // Before the transaction: REFRESH … CONCURRENTLY waits for nothing of ours, and the unblock reads the view.
  const instances =
    options.instancesView === "batch"
      ? LEFT_TO_BATCH
      : await refreshInstancesIfNeeded(deps.mastodon.db, deps.version, existing.domain, { mastodonWould: false });
  const pending = await inTransaction(deps.mastodon.db, async (client) => {
    await client.query(BLOCK_WRITE_LOCK);
    const before = await lockedBlock(client, input.id);
    const lifted = await unblockAccounts(client, before);
    await client.query("DELETE FROM domain_blocks WHERE id = $1", [before.id]);
    const actionLogId = await writeActionLog(client, deps.version, {
      accountId: actor.accountId,
      action: "destroy",
      target: { type: "DomainBlock", id: before.id, domain: before.domain },
    });
    return { before, lifted, actionLogId };
  });
  return {
    kind: "destroy",
    source,
    blockId: pending.before.id,
    domain: pending.before.domain,
    before: pending.before,
    after: null,
    actionLogId: pending.actionLogId,
    job: null,
    instances,
    lifted: pending.lifted,
  };
}

/**
 * UnblockDomainService#call (same in 4.3 and 4.6), over
 * Account.by_domain_and_subdomains, which reads the instances view:
 * unless noop, silenced_at = NULL where it equals the block's created_at; if
 * suspend, suspended_at and suspension_origin = NULL where suspended_at equals
 * it. update_all: updated_at is not touched. No UnsuspensionWorker.
 */
async function unblockAccounts(
  client: pg.PoolClient,
  block: DomainBlockRow,
): Promise<{ unsilenced: number; unsuspended: number }> {
  const scope = `domain IN (SELECT domain FROM instances WHERE reverse('.' || domain) LIKE reverse('%.' || $2))`;
  const marker = "(SELECT created_at FROM domain_blocks WHERE id = $1)";
  let unsilenced = 0;
  let unsuspended = 0;
  if (block.severity !== "noop") {
    const r = await client.query(`UPDATE accounts SET silenced_at = NULL WHERE ${scope} AND silenced_at = ${marker}`, [
      block.id,
      block.domain,
    ]);
    unsilenced = r.rowCount ?? 0;
  }
  if (block.severity === "suspend") {
    const r = await client.query(
      `UPDATE accounts SET suspended_at = NULL, suspension_origin = NULL WHERE ${scope} AND suspended_at = ${marker}`,
      [block.id, block.domain],
    );
    unsuspended = r.rowCount ?? 0;
  }
  return { unsilenced, unsuspended };
}

async function insertBlock(client: pg.PoolClient, domain: string, fields: BlockFields): Promise<DomainBlockRow> {
  try {
    const { rows } = await client.query(
      `INSERT INTO domain_blocks AS b (domain, severity, reject_media, reject_reports, obfuscate, private_comment,
          public_comment, created_at, updated_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t
       RETURNING ${BLOCK_COLUMNS}`,
      [domain, ...blockFieldValues(fields)],
    );
    return toBlockRow(rows[0]);
  } catch (error) {
    if ((error as { code?: string }).code === "23505") {
      throw new HowdahError("conflict", `${domain} was blocked by someone else a moment ago; nothing was changed.`);
    }
    throw error;
  }
}

/** A Rails save: only when a column changes, and then updated_at = now; created_at never. */
async function updateFields(
  client: pg.PoolClient,
  before: DomainBlockRow,
  fields: BlockFields,
): Promise<DomainBlockRow> {
  const { rows } = await client.query(
    `UPDATE domain_blocks b SET severity = $2, reject_media = $3, reject_reports = $4, obfuscate = $5,
        private_comment = $6, public_comment = $7, updated_at = ${UTC_NOW}
      WHERE b.id = $1 AND (b.severity IS DISTINCT FROM $2 OR b.reject_media <> $3 OR b.reject_reports <> $4
        OR b.obfuscate <> $5 OR b.private_comment IS DISTINCT FROM $6 OR b.public_comment IS DISTINCT FROM $7)
      RETURNING ${BLOCK_COLUMNS}`,
    [before.id, ...blockFieldValues(fields)],
  );
  return rows[0] ? toBlockRow(rows[0]) : before;
}

/** The six field columns, in the order the writes bind them. */
export const blockFieldValues = (f: BlockFields) => [
  SEVERITY_VALUE[f.severity],
  f.rejectMedia,
  f.rejectReports,
  f.obfuscate,
  f.privateComment,
  f.publicComment,
];

async function lockedBlock(client: pg.PoolClient, id: string): Promise<DomainBlockRow> {
  const row = await readBlock(client, id, true);
  if (!row) throw gone();
  return row;
}

const gone = () =>
  new HowdahError(
    "not_found",
    "This domain block no longer exists: another admin may have just removed it. Nothing was changed.",
  );

const confirmationNeeded = (display: string) =>
  new HowdahError(
    "conflict",
    `Suspending ${display} removes its accounts' posts, media and follows from this server; confirm the suspension ` +
      "to go ahead. Nothing was changed.",
    { needsConfirmation: true },
  );

function looserMessage(rule: DomainBlockRow, fields: BlockPolicy): string {
  return (
    `${rule.display} is blocked with ${describePolicy(rule)}, which covers this domain. Mastodon applies only the ` +
    `most specific block, so a looser one (${describePolicy(fields)}) here would lift that block for this domain. ` +
    `Choose settings at least as strict, or change the block on ${rule.display}. Nothing was changed.`
  );
}

function logBlock(
  client: pg.PoolClient,
  deps: BlockWriteDeps,
  actor: BlockActor,
  action: "create" | "update",
  row: DomainBlockRow,
): Promise<string> {
  return writeActionLog(client, deps.version, {
    accountId: actor.accountId,
    action,
    target: { type: "DomainBlock", id: row.id, domain: row.domain },
  });
}

/** After COMMIT (and the view refresh): DomainBlockWorker, queue default. */
async function enqueueBlockJob(
  deps: BlockWriteDeps,
  row: DomainBlockRow,
  args: (number | boolean)[],
  kind: BlockChange["kind"],
): Promise<BlockJob> {
  try {
    const job = await enqueueJob(
      deps.mastodon.sidekiqRedis,
      sidekiqKeys(deps.mastodon.keyPrefix),
      deps.version.sidekiqFormat,
      {
        ...DOMAIN_BLOCK_WORKER,
        args,
      },
    );
    return { className: job.className, queue: job.queue, args, jid: job.jid };
  } catch (error) {
    throw new HowdahError(
      "unavailable",
      `The block on ${row.display} is saved in Mastodon's database (${kind === "update" ? "changed" : "created"}), ` +
        `but Howdah could not hand DomainBlockWorker to Sidekiq (${describeServiceFailure(error)}), so existing ` +
        "accounts are not yet silenced or suspended (new activity from the domain is already refused or limited). " +
        "Save the block again once Sidekiq's Redis answers.",
      { partial: true, blockId: row.id, domain: row.domain },
    );
  }
}
