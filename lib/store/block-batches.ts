import "server-only";
import type { Store } from "./connection";

/**
 * Howdah's record of domain-block batches (migration 0010): where each batch
 * came from, who ran it, its progress, and per row what it asked for, what
 * was done and the domain's own block before, so a batch can be resumed or
 * rolled back. Counters move one row at a time as the worker goes (the
 * progress an admin watches), in the same statement that marks the row.
 */
export type BatchSource = "form" | "file" | "url" | "subscription";
export type BatchState = "pending" | "running" | "done" | "failed" | "rolling_back" | "rolled_back";
export type ItemClass =
  | "new"
  | "stricter"
  | "looser"
  | "unchanged"
  | "covered"
  | "allowed"
  | "malformed"
  | "form"
  /** A subscription's retraction: remove the block it created (fields.retractBlockId). */
  | "retraction";
export type ItemAction = "create" | "upgrade" | "update" | "destroy";

export interface BatchRecord {
  id: string;
  source: BatchSource;
  sourceRef: string | null;
  actorAccountId: string | null;
  actorAcct: string | null;
  createdAt: Date;
  state: BatchState;
  summary: Record<string, unknown> | null;
  total: number;
  applied: number;
  failed: number;
  reverted: number;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewBatchItem {
  line: number;
  domain: string;
  class: ItemClass;
  selected: boolean;
  fields: Record<string, unknown> | null;
  note: string | null;
  severs: number;
  /** Set for rows recorded after the fact (a form write): what was done. */
  action?: ItemAction | null;
  blockId?: string | null;
  previous?: unknown;
  applied?: boolean;
}

export interface BatchItemRecord {
  id: string;
  line: number;
  domain: string;
  class: ItemClass;
  selected: boolean;
  fields: Record<string, unknown> | null;
  note: string | null;
  severs: number;
  action: ItemAction | null;
  blockId: string | null;
  previous: unknown;
  startedAt: Date | null;
  appliedAt: Date | null;
  revertedAt: Date | null;
  error: string | null;
}

const BATCH_COLUMNS = `id::text AS id, source, source_ref, actor_account_id::text AS actor_account_id, actor_acct,
  created_at, state, summary, total, applied, failed, reverted, error, started_at, finished_at`;
const itemColumns = (a: string) => `${a}.id::text AS id, ${a}.line, ${a}.domain, ${a}.class, ${a}.selected,
  ${a}.fields, ${a}.note, ${a}.severs, ${a}.action, ${a}.block_id::text AS block_id, ${a}.previous, ${a}.started_at,
  ${a}.applied_at, ${a}.reverted_at, ${a}.error`;
const ITEM_COLUMNS = itemColumns("howdah.block_batch_items");

type RawBatch = Record<string, unknown>;
function toBatch(r: RawBatch): BatchRecord {
  return {
    id: r.id as string,
    source: r.source as BatchSource,
    sourceRef: r.source_ref as string | null,
    actorAccountId: r.actor_account_id as string | null,
    actorAcct: r.actor_acct as string | null,
    createdAt: r.created_at as Date,
    state: r.state as BatchState,
    summary: r.summary as Record<string, unknown> | null,
    total: r.total as number,
    applied: r.applied as number,
    failed: r.failed as number,
    reverted: r.reverted as number,
    error: r.error as string | null,
    startedAt: r.started_at as Date | null,
    finishedAt: r.finished_at as Date | null,
  };
}
function toItem(r: Record<string, unknown>): BatchItemRecord {
  return {
    id: r.id as string,
    line: r.line as number,
    domain: r.domain as string,
    class: r.class as ItemClass,
    selected: r.selected as boolean,
    fields: r.fields as Record<string, unknown> | null,
    note: r.note as string | null,
    severs: r.severs as number,
    action: r.action as ItemAction | null,
    blockId: r.block_id as string | null,
    previous: r.previous,
    startedAt: r.started_at as Date | null,
    appliedAt: r.applied_at as Date | null,
    revertedAt: r.reverted_at as Date | null,
    error: r.error as string | null,
  };
}

const CHUNK = 10_000;

/** A batch and all its rows; rows go in chunks of one statement each (a JSON array expanded by PostgreSQL). */
export async function createBatch(
  store: Store,
  batch: {
    source: BatchSource;
    sourceRef: string | null;
    actor: { accountId: string; acct: string } | null;
    state: BatchState;
    summary: Record<string, unknown> | null;
  },
  items: NewBatchItem[],
): Promise<string> {
  const client = await store.pool.connect();
  try {
    await client.query("BEGIN");
    const done = batch.state === "done";
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO howdah.block_batches (source, source_ref, actor_account_id, actor_acct, state, summary, total,
          applied, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 THEN now() END, CASE WHEN $9 THEN now() END)
       RETURNING id::text AS id`,
      [
        batch.source,
        batch.sourceRef,
        batch.actor?.accountId ?? null,
        batch.actor?.acct ?? null,
        batch.state,
        batch.summary,
        items.filter((i) => i.selected).length,
        items.filter((i) => i.applied).length,
        done,
      ],
    );
    const id = rows[0]!.id;
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK).map((item) => ({
        line: item.line,
        domain: item.domain,
        class: item.class,
        selected: item.selected,
        fields: item.fields,
        note: item.note,
        severs: item.severs,
        action: item.action ?? null,
        block_id: item.blockId ?? null,
        previous: item.previous ?? null,
        applied: item.applied ?? false,
      }));
      await client.query(
        `INSERT INTO howdah.block_batch_items (batch_id, line, domain, class, selected, fields, note, severs, action,
            block_id, previous, started_at, applied_at)
         SELECT $1, x.line, x.domain, x.class, x.selected, x.fields, x.note, x.severs, x.action, x.block_id,
                x.previous, CASE WHEN x.applied THEN now() END, CASE WHEN x.applied THEN now() END
           FROM jsonb_to_recordset($2::jsonb) AS x(line int, domain text, class text, selected boolean, fields jsonb,
                note text, severs int, action text, block_id bigint, previous jsonb, applied boolean)`,
        [id, JSON.stringify(chunk)],
      );
    }
    await client.query("COMMIT");
    return id;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function readBatch(store: Store, id: string): Promise<BatchRecord | null> {
  const { rows } = await store.pool.query(`SELECT ${BATCH_COLUMNS} FROM howdah.block_batches WHERE id = $1`, [id]);
  return rows[0] ? toBatch(rows[0]) : null;
}

/** Newest first, keyset by id. */
export async function listBatches(store: Store, options: { before?: string; limit: number }): Promise<BatchRecord[]> {
  const { rows } = await store.pool.query(
    `SELECT ${BATCH_COLUMNS} FROM howdah.block_batches WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
    [options.before ?? null, options.limit],
  );
  return rows.map(toBatch);
}

export async function listBatchItems(
  store: Store,
  batchId: string,
  options: { classes?: ItemClass[]; offset: number; limit: number },
): Promise<{ total: number; rows: BatchItemRecord[] }> {
  const { rows } = await store.pool.query(
    `SELECT ${ITEM_COLUMNS}, count(*) OVER () AS total FROM howdah.block_batch_items
      WHERE batch_id = $1 AND ($2::text[] IS NULL OR class = ANY($2::text[]))
      ORDER BY line, id LIMIT $3 OFFSET $4`,
    [batchId, options.classes ?? null, options.limit, options.offset],
  );
  return { total: rows[0] ? Number(rows[0].total) : 0, rows: rows.map(toItem) };
}

/** The batches that touched a domain, newest first (the dossier's block history). */
export async function batchItemsForDomain(store: Store, domain: string, limit = 50) {
  const { rows } = await store.pool.query(
    `SELECT i.batch_id::text AS batch_id, b.source, b.source_ref, b.actor_acct, ${itemColumns("i")}
       FROM howdah.block_batch_items i JOIN howdah.block_batches b ON b.id = i.batch_id
      WHERE i.domain = $1 AND i.applied_at IS NOT NULL ORDER BY i.applied_at DESC LIMIT $2`,
    [domain, limit],
  );
  return rows.map((r) => ({
    batchId: r.batch_id as string,
    source: r.source as BatchSource,
    sourceRef: r.source_ref as string | null,
    actor: r.actor_acct as string | null,
    item: toItem(r),
  }));
}

/**
 * Changes the chosen rows of a pending (or stopped) batch: `include` and
 * `exclude` are item ids. Only rows with fields (something to write) and not
 * yet applied can be chosen. Returns the number of rows now chosen.
 */
export async function chooseItems(store: Store, batchId: string, include: string[], exclude: string[]) {
  await store.pool.query(
    `UPDATE howdah.block_batch_items SET selected = (id = ANY($2::bigint[]))
      WHERE batch_id = $1 AND applied_at IS NULL AND fields IS NOT NULL
        AND (id = ANY($2::bigint[]) OR id = ANY($3::bigint[]))`,
    [batchId, include, exclude],
  );
  const { rows } = await store.pool.query<{ n: number }>(
    `UPDATE howdah.block_batches SET total = (SELECT count(*) FROM howdah.block_batch_items
        WHERE batch_id = $1 AND selected) WHERE id = $1 RETURNING total AS n`,
    [batchId],
  );
  return rows[0]?.n ?? 0;
}

/** Moves a batch from one of `from` to `to`, atomically; false when it was in another state. */
export async function transitionBatch(
  store: Store,
  id: string,
  from: BatchState[],
  to: BatchState,
  error: string | null = null,
): Promise<boolean> {
  const finished = to === "done" || to === "failed" || to === "rolled_back";
  const { rowCount } = await store.pool.query(
    `UPDATE howdah.block_batches SET state = $3, error = $4,
        started_at = CASE WHEN $3 IN ('running', 'rolling_back') THEN coalesce(started_at, now()) ELSE started_at END,
        finished_at = CASE WHEN $5 THEN now() ELSE NULL END
      WHERE id = $1 AND state = ANY($2::text[])`,
    [id, from, to, error, finished],
  );
  return (rowCount ?? 0) > 0;
}

/** The next chosen rows not yet applied nor refused, in file order. */
export async function itemsToApply(store: Store, batchId: string, limit: number): Promise<BatchItemRecord[]> {
  const { rows } = await store.pool.query(
    `SELECT ${ITEM_COLUMNS} FROM howdah.block_batch_items
      WHERE batch_id = $1 AND selected AND applied_at IS NULL AND error IS NULL ORDER BY line, id LIMIT $2`,
    [batchId, limit],
  );
  return rows.map(toItem);
}

/** Applied rows not yet undone (nor refused undoing), latest first: a rollback walks the batch backwards. */
export async function itemsToRevert(store: Store, batchId: string, limit: number): Promise<BatchItemRecord[]> {
  const { rows } = await store.pool.query(
    `SELECT ${ITEM_COLUMNS} FROM howdah.block_batch_items
      WHERE batch_id = $1 AND applied_at IS NOT NULL AND reverted_at IS NULL AND error IS NULL
      ORDER BY applied_at DESC, id DESC LIMIT $2`,
    [batchId, limit],
  );
  return rows.map(toItem);
}

/** Before the write: the domain's own block as it is, kept for a resume (the write itself may not report back). */
export async function markItemStarted(store: Store, itemId: string, previous: unknown): Promise<void> {
  await store.pool.query(
    "UPDATE howdah.block_batch_items SET started_at = now(), previous = $2 WHERE id = $1 AND started_at IS NULL",
    [itemId, JSON.stringify(previous)],
  );
}

export async function markItemApplied(
  store: Store,
  batchId: string,
  itemId: string,
  done: { action: ItemAction; blockId: string },
): Promise<void> {
  await store.pool.query(
    `WITH i AS (UPDATE howdah.block_batch_items SET applied_at = clock_timestamp(), action = $3, block_id = $4
                 WHERE id = $2 AND applied_at IS NULL RETURNING 1)
     UPDATE howdah.block_batches SET applied = applied + (SELECT count(*) FROM i) WHERE id = $1`,
    [batchId, itemId, done.action, done.blockId],
  );
}

export async function markItemRefused(store: Store, batchId: string, itemId: string, error: string): Promise<void> {
  await store.pool.query(
    `WITH i AS (UPDATE howdah.block_batch_items SET error = $3 WHERE id = $2 AND error IS NULL RETURNING 1)
     UPDATE howdah.block_batches SET failed = failed + (SELECT count(*) FROM i) WHERE id = $1`,
    [batchId, itemId, error],
  );
}

/** Undone; `note` says why nothing had to be written (the block was already gone), or why it could not be undone. */
export async function markItemReverted(
  store: Store,
  batchId: string,
  itemId: string,
  outcome: { ok: true; note?: string } | { ok: false; error: string },
): Promise<void> {
  await store.pool.query(
    `WITH i AS (UPDATE howdah.block_batch_items
                   SET reverted_at = CASE WHEN $3 THEN clock_timestamp() END, error = $4,
                       note = coalesce($5, note)
                 WHERE id = $2 RETURNING 1)
     UPDATE howdah.block_batches SET reverted = reverted + CASE WHEN $3 THEN (SELECT count(*) FROM i) ELSE 0 END,
        failed = failed + CASE WHEN $3 THEN 0 ELSE (SELECT count(*) FROM i) END
      WHERE id = $1`,
    [batchId, itemId, outcome.ok, outcome.ok ? null : outcome.error, outcome.ok ? (outcome.note ?? null) : null],
  );
}

/** Rows per class (the preview's tabs) and how many are chosen. */
export async function countItemsByClass(
  store: Store,
  batchId: string,
): Promise<Record<string, { rows: number; selected: number }>> {
  const { rows } = await store.pool.query<{ class: string; n: string; s: string }>(
    `SELECT class, count(*) AS n, count(*) FILTER (WHERE selected) AS s FROM howdah.block_batch_items
      WHERE batch_id = $1 GROUP BY class`,
    [batchId],
  );
  return Object.fromEntries(rows.map((r) => [r.class, { rows: Number(r.n), selected: Number(r.s) }]));
}

/** markItemStarted for a whole page at once (a batch page's rows, before its one Mastodon transaction). */
export async function markItemsStarted(store: Store, items: { id: string; previous: unknown }[]): Promise<void> {
  if (items.length === 0) return;
  await store.pool.query(
    `UPDATE howdah.block_batch_items i SET started_at = now(), previous = x.previous
       FROM unnest($1::bigint[], $2::jsonb[]) AS x(id, previous)
      WHERE i.id = x.id AND i.started_at IS NULL`,
    [items.map((i) => i.id), items.map((i) => JSON.stringify(i.previous))],
  );
}

/** markItemApplied and markItemRefused for a whole page, in one statement, with the batch's counters. */
export async function markItemsDone(
  store: Store,
  batchId: string,
  applied: { id: string; action: ItemAction; blockId: string }[],
  refused: { id: string; error: string }[],
): Promise<void> {
  if (applied.length === 0 && refused.length === 0) return;
  await store.pool.query(
    `WITH a AS (UPDATE howdah.block_batch_items i SET applied_at = clock_timestamp(), action = x.action,
                       block_id = x.block_id
                  FROM unnest($2::bigint[], $3::text[], $4::bigint[]) AS x(id, action, block_id)
                 WHERE i.id = x.id AND i.applied_at IS NULL RETURNING 1),
          r AS (UPDATE howdah.block_batch_items i SET error = x.error
                  FROM unnest($5::bigint[], $6::text[]) AS x(id, error)
                 WHERE i.id = x.id AND i.error IS NULL RETURNING 1)
     UPDATE howdah.block_batches SET applied = applied + (SELECT count(*) FROM a),
                                     failed = failed + (SELECT count(*) FROM r) WHERE id = $1`,
    [
      batchId,
      applied.map((a) => a.id),
      applied.map((a) => a.action),
      applied.map((a) => a.blockId),
      refused.map((r) => r.id),
      refused.map((r) => r.error),
    ],
  );
}
