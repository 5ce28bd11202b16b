import "server-only";
import type { Store } from "./connection";

/**
 * Howdah's record of blocklist subscriptions (migration 0013): the sources
 * with their last fetch and last good copy, the merge settings, and the
 * review queue of changes. Which blocks a subscription created is not kept
 * here: the block batches (0010) already say it (subscriptionOwnedBlocks).
 */
export type SourceKind = "url" | "file";
export type ChangeKind = "addition" | "escalation" | "deescalation" | "retraction";
export type ChangeState = "pending" | "applied" | "dismissed";
export type AutoApplyRule = Partial<Record<ChangeKind, boolean>>;

/** One domain as a source lists it (after Howdah's parser and Mastodon's normalisation). */
export interface SourceEntry {
  domain: string;
  severity: "silence" | "suspend" | "noop";
  rejectMedia: boolean;
  rejectReports: boolean;
  obfuscate: boolean;
  publicComment: string | null;
}

export interface SourceRecord {
  id: string;
  name: string;
  kind: SourceKind;
  url: string | null;
  fileName: string | null;
  enabled: boolean;
  defaultSeverity: SourceEntry["severity"] | null;
  fetchEveryMinutes: number;
  autoApply: AutoApplyRule;
  autoApplyAccountId: string | null;
  autoApplyAcct: string | null;
  etag: string | null;
  lastModified: string | null;
  lastFetchAt: Date | null;
  lastStatus: "ok" | "not_modified" | "failed" | null;
  lastError: string | null;
  failingSince: Date | null;
  entryCount: number;
  malformedCount: number;
  format: string | null;
  goodAt: Date | null;
  createdAt: Date;
}

export interface MergeSettings {
  thresholdKind: "count" | "share";
  thresholdValue: number;
  severityRule: "max" | "min" | "majority";
}

export interface NewChange {
  domain: string;
  kind: ChangeKind;
  fields: Record<string, unknown> | null;
  current: Record<string, unknown> | null;
  sourceIds: string[];
  severs: number;
  note: string | null;
}

export interface ChangeRecord extends NewChange {
  id: string;
  state: ChangeState;
  batchId: string | null;
  computedAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
}

const SOURCE_COLUMNS = `id::text AS id, name, kind, url, file_name, enabled, default_severity, fetch_every_minutes,
  auto_apply, auto_apply_account_id::text AS auto_apply_account_id, auto_apply_acct, etag, last_modified,
  last_fetch_at, last_status, last_error, failing_since, entry_count, malformed_count, format, good_at, created_at`;
const CHANGE_COLUMNS = `id::text AS id, domain, kind, fields, current, source_ids::text[] AS source_ids, severs,
  note, state, batch_id::text AS batch_id, computed_at, decided_at, decided_by`;

function toSource(r: Record<string, unknown>): SourceRecord {
  return {
    id: r.id as string,
    name: r.name as string,
    kind: r.kind as SourceKind,
    url: r.url as string | null,
    fileName: r.file_name as string | null,
    enabled: r.enabled as boolean,
    defaultSeverity: r.default_severity as SourceRecord["defaultSeverity"],
    fetchEveryMinutes: r.fetch_every_minutes as number,
    autoApply: (r.auto_apply ?? {}) as AutoApplyRule,
    autoApplyAccountId: r.auto_apply_account_id as string | null,
    autoApplyAcct: r.auto_apply_acct as string | null,
    etag: r.etag as string | null,
    lastModified: r.last_modified as string | null,
    lastFetchAt: r.last_fetch_at as Date | null,
    lastStatus: r.last_status as SourceRecord["lastStatus"],
    lastError: r.last_error as string | null,
    failingSince: r.failing_since as Date | null,
    entryCount: r.entry_count as number,
    malformedCount: r.malformed_count as number,
    format: r.format as string | null,
    goodAt: r.good_at as Date | null,
    createdAt: r.created_at as Date,
  };
}

function toChange(r: Record<string, unknown>): ChangeRecord {
  return {
    id: r.id as string,
    domain: r.domain as string,
    kind: r.kind as ChangeKind,
    fields: r.fields as Record<string, unknown> | null,
    current: r.current as Record<string, unknown> | null,
    sourceIds: r.source_ids as string[],
    severs: r.severs as number,
    note: r.note as string | null,
    state: r.state as ChangeState,
    batchId: r.batch_id as string | null,
    computedAt: r.computed_at as Date,
    decidedAt: r.decided_at as Date | null,
    decidedBy: r.decided_by as string | null,
  };
}

/** What an admin sets on a source; the rest of its record is the fetcher's. */
export type SourceInput = Pick<
  SourceRecord,
  "name" | "kind" | "url" | "fileName" | "enabled" | "defaultSeverity" | "fetchEveryMinutes" | "autoApply"
> & { autoApplyBy: { accountId: string; acct: string } | null };

export async function insertSource(store: Store, input: SourceInput): Promise<string> {
  const { rows } = await store.pool.query<{ id: string }>(
    `INSERT INTO howdah.blocklist_sources (name, kind, url, file_name, enabled, default_severity, fetch_every_minutes,
        auto_apply, auto_apply_account_id, auto_apply_acct)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text AS id`,
    [
      input.name,
      input.kind,
      input.url,
      input.fileName,
      input.enabled,
      input.defaultSeverity,
      input.fetchEveryMinutes,
      JSON.stringify(input.autoApply),
      input.autoApplyBy?.accountId ?? null,
      input.autoApplyBy?.acct ?? null,
    ],
  );
  return rows[0]!.id;
}

/** Edits the settings; a changed URL forgets the conditional-fetch validators (they belong to the old address). */
export async function updateSource(store: Store, id: string, input: Omit<SourceInput, "kind">): Promise<boolean> {
  const { rowCount } = await store.pool.query(
    `UPDATE howdah.blocklist_sources SET name = $2, url = $3, file_name = coalesce($4, file_name), enabled = $5,
        default_severity = $6, fetch_every_minutes = $7, auto_apply = $8,
        auto_apply_account_id = $9, auto_apply_acct = $10,
        etag = CASE WHEN url IS DISTINCT FROM $3 THEN NULL ELSE etag END,
        last_modified = CASE WHEN url IS DISTINCT FROM $3 THEN NULL ELSE last_modified END,
        updated_at = now()
      WHERE id = $1`,
    [
      id,
      input.name,
      input.url,
      input.fileName,
      input.enabled,
      input.defaultSeverity,
      input.fetchEveryMinutes,
      JSON.stringify(input.autoApply),
      input.autoApplyBy?.accountId ?? null,
      input.autoApplyBy?.acct ?? null,
    ],
  );
  return (rowCount ?? 0) > 0;
}

export async function deleteSource(store: Store, id: string): Promise<boolean> {
  const { rowCount } = await store.pool.query("DELETE FROM howdah.blocklist_sources WHERE id = $1", [id]);
  return (rowCount ?? 0) > 0;
}

export async function listSources(store: Store): Promise<SourceRecord[]> {
  const { rows } = await store.pool.query(`SELECT ${SOURCE_COLUMNS} FROM howdah.blocklist_sources ORDER BY id`);
  return rows.map(toSource);
}

export async function readSource(store: Store, id: string): Promise<SourceRecord | null> {
  const { rows } = await store.pool.query(`SELECT ${SOURCE_COLUMNS} FROM howdah.blocklist_sources WHERE id = $1`, [id]);
  return rows[0] ? toSource(rows[0]) : null;
}

/** URL sources whose next fetch is due (never fetched, or fetched longer ago than their interval). */
export async function dueSources(store: Store, now: Date): Promise<SourceRecord[]> {
  const { rows } = await store.pool.query(
    `SELECT ${SOURCE_COLUMNS} FROM howdah.blocklist_sources
      WHERE kind = 'url' AND enabled
        AND (last_fetch_at IS NULL OR last_fetch_at + make_interval(mins => fetch_every_minutes) <= $1)
      ORDER BY id`,
    [now],
  );
  return rows.map(toSource);
}

/** The parsed entries of every enabled source that has a good copy, by source id. */
export async function sourceEntries(store: Store): Promise<Map<string, SourceEntry[]>> {
  const { rows } = await store.pool.query<{ id: string; entries: SourceEntry[] }>(
    `SELECT id::text AS id, entries FROM howdah.blocklist_sources WHERE enabled AND entries IS NOT NULL ORDER BY id`,
  );
  return new Map(rows.map((r) => [r.id, r.entries]));
}

/** A good copy: replaces the entries, clears the failure. */
export async function recordGoodCopy(
  store: Store,
  id: string,
  copy: {
    entries: SourceEntry[];
    malformed: number;
    format: string;
    etag: string | null;
    lastModified: string | null;
    at: Date;
  },
): Promise<void> {
  await store.pool.query(
    `UPDATE howdah.blocklist_sources SET entries = $2, entry_count = $3, malformed_count = $4, format = $5,
        etag = $6, last_modified = $7, good_at = $8, last_fetch_at = $8, last_status = 'ok', last_error = NULL,
        failing_since = NULL
      WHERE id = $1`,
    [
      id,
      JSON.stringify(copy.entries),
      copy.entries.length,
      copy.malformed,
      copy.format,
      copy.etag,
      copy.lastModified,
      copy.at,
    ],
  );
}

/** 304: the copy we hold is still the list; it counts as good as of now. */
export async function recordNotModified(store: Store, id: string, at: Date): Promise<void> {
  await store.pool.query(
    `UPDATE howdah.blocklist_sources SET last_fetch_at = $2, good_at = $2, last_status = 'not_modified',
        last_error = NULL, failing_since = NULL WHERE id = $1`,
    [id, at],
  );
}

/** A failed fetch keeps the last good copy; failing_since is when the failures began. */
export async function recordFailure(store: Store, id: string, error: string, at: Date): Promise<void> {
  await store.pool.query(
    `UPDATE howdah.blocklist_sources SET last_fetch_at = $3, last_status = 'failed', last_error = $2,
        failing_since = coalesce(failing_since, $3) WHERE id = $1`,
    [id, error, at],
  );
}

export async function readMergeSettings(store: Store): Promise<MergeSettings> {
  const { rows } = await store.pool.query(
    "SELECT threshold_kind, threshold_value, severity_rule FROM howdah.blocklist_settings WHERE id = 1",
  );
  const r = rows[0];
  return r
    ? { thresholdKind: r.threshold_kind, thresholdValue: r.threshold_value, severityRule: r.severity_rule }
    : { thresholdKind: "count", thresholdValue: 1, severityRule: "max" };
}

export async function writeMergeSettings(store: Store, settings: MergeSettings): Promise<void> {
  await store.pool.query(
    `INSERT INTO howdah.blocklist_settings (id, threshold_kind, threshold_value, severity_rule, updated_at)
     VALUES (1, $1, $2, $3, now())
     ON CONFLICT (id) DO UPDATE SET threshold_kind = $1, threshold_value = $2, severity_rule = $3, updated_at = now()`,
    [settings.thresholdKind, settings.thresholdValue, settings.severityRule],
  );
}

/**
 * Brings the pending review queue to a new diff in one transaction. A change
 * the diff still asks for exactly (same domain, kind, wanted block and block
 * today) keeps its row and id, so the rows an admin has ticked stay valid
 * across the worker's rounds; the others go, and new ones are added. A change
 * the admin dismissed is not proposed again while it asks the same.
 */
export async function replacePendingChanges(store: Store, changes: NewChange[]): Promise<number> {
  const rows = JSON.stringify(
    changes.map((c) => ({
      domain: c.domain,
      kind: c.kind,
      fields: c.fields,
      current: c.current,
      source_ids: c.sourceIds,
      severs: c.severs,
      note: c.note,
    })),
  );
  const x = `jsonb_to_recordset($1::jsonb) AS x(domain text, kind text, fields jsonb, current jsonb,
    source_ids bigint[], severs int, note text)`;
  const same = `x.domain = c.domain AND x.kind = c.kind AND x.fields IS NOT DISTINCT FROM c.fields
    AND x.current IS NOT DISTINCT FROM c.current`;
  const client = await store.pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `DELETE FROM howdah.blocklist_changes c
        WHERE c.state = 'pending' AND NOT EXISTS (SELECT 1 FROM ${x} WHERE ${same})`,
      [rows],
    );
    await client.query(
      `UPDATE howdah.blocklist_changes c SET source_ids = x.source_ids, severs = x.severs, note = x.note,
          computed_at = now()
         FROM ${x} WHERE c.state = 'pending' AND ${same}`,
      [rows],
    );
    await client.query(
      `INSERT INTO howdah.blocklist_changes (domain, kind, fields, current, source_ids, severs, note)
       SELECT x.domain, x.kind, x.fields, x.current, x.source_ids, x.severs, x.note FROM ${x}
        WHERE NOT EXISTS (SELECT 1 FROM howdah.blocklist_changes c WHERE c.state = 'pending' AND c.domain = x.domain)
          AND NOT EXISTS (SELECT 1 FROM howdah.blocklist_changes d WHERE d.state = 'dismissed'
                            AND d.domain = x.domain AND d.kind = x.kind AND d.fields IS NOT DISTINCT FROM x.fields)`,
      [rows],
    );
    const { rows: counted } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM howdah.blocklist_changes WHERE state = 'pending'",
    );
    await client.query("COMMIT");
    return Number(counted[0]!.n);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function listChanges(
  store: Store,
  options: { state: ChangeState; ids?: string[]; limit: number },
): Promise<ChangeRecord[]> {
  const { rows } = await store.pool.query(
    `SELECT ${CHANGE_COLUMNS} FROM howdah.blocklist_changes
      WHERE state = $1 AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))
      ORDER BY CASE WHEN $1 = 'pending' THEN 0 ELSE 1 END, CASE WHEN $1 = 'pending' THEN domain END, id DESC LIMIT $3`,
    [options.state, options.ids ?? null, options.limit],
  );
  return rows.map(toChange);
}

export async function countPendingChanges(store: Store): Promise<Record<ChangeKind, number>> {
  const { rows } = await store.pool.query<{ kind: ChangeKind; n: string }>(
    "SELECT kind, count(*) AS n FROM howdah.blocklist_changes WHERE state = 'pending' GROUP BY kind",
  );
  const counts: Record<ChangeKind, number> = { addition: 0, escalation: 0, deescalation: 0, retraction: 0 };
  for (const r of rows) counts[r.kind] = Number(r.n);
  return counts;
}

/** Marks pending changes decided; returns the ids actually moved (a change decided meanwhile is left). */
export async function decideChanges(
  store: Store,
  ids: string[],
  decision: { state: "applied" | "dismissed"; batchId: string | null; by: string },
): Promise<string[]> {
  const { rows } = await store.pool.query<{ id: string }>(
    `UPDATE howdah.blocklist_changes SET state = $2, batch_id = $3, decided_at = now(), decided_by = $4
      WHERE id = ANY($1::bigint[]) AND state = 'pending' RETURNING id::text AS id`,
    [ids, decision.state, decision.batchId, decision.by],
  );
  return rows.map((r) => r.id);
}

/**
 * The blocks a subscription created and still owns, by domain: the block id
 * of an applied, not rolled back, `create` row of a subscription batch, with
 * no later applied change to the same block from any other source (an admin
 * who edits the block through Howdah takes it over). The caller checks the
 * block still exists under that id (removed and created again by hand is
 * someone else's block).
 */
export async function subscriptionOwnedBlocks(store: Store): Promise<Map<string, string>> {
  const { rows } = await store.pool.query<{ domain: string; block_id: string }>(
    `SELECT i.domain, i.block_id::text AS block_id
       FROM howdah.block_batch_items i JOIN howdah.block_batches b ON b.id = i.batch_id
      WHERE b.source = 'subscription' AND i.action = 'create' AND i.applied_at IS NOT NULL AND i.reverted_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM howdah.block_batch_items l JOIN howdah.block_batches lb ON lb.id = l.batch_id
           WHERE l.block_id = i.block_id AND l.applied_at > i.applied_at AND l.reverted_at IS NULL
             AND (lb.source <> 'subscription' OR l.action = 'destroy'))`,
  );
  return new Map(rows.map((r) => [r.domain, r.block_id]));
}
