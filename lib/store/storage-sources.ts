import "server-only";
import type pg from "pg";
import type { Store } from "./connection";

type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

/** Where each counted table stands (howdah.storage_sources). */
export interface SourceState {
  source: string;
  hwm: bigint | null;
  incrementalAt: Date | null;
  passStartedAt: Date | null;
  passBoundBucket: number | null;
  passCursor: bigint | null;
  passRowsDone: number;
  passRowsEstimate: number;
  passCompletedAt: Date | null;
  firstCompletedAt: Date | null;
}

interface Row {
  source: string;
  hwm: string | null;
  incremental_at: Date | null;
  pass_started_at: Date | null;
  pass_bound_bucket: number | null;
  pass_cursor: string | null;
  pass_rows_done: string;
  pass_rows_estimate: string;
  pass_completed_at: Date | null;
  first_completed_at: Date | null;
}

function fromRow(r: Row): SourceState {
  return {
    source: r.source,
    hwm: r.hwm === null ? null : BigInt(r.hwm),
    incrementalAt: r.incremental_at,
    passStartedAt: r.pass_started_at,
    passBoundBucket: r.pass_bound_bucket,
    passCursor: r.pass_cursor === null ? null : BigInt(r.pass_cursor),
    passRowsDone: Number(r.pass_rows_done),
    passRowsEstimate: Number(r.pass_rows_estimate),
    passCompletedAt: r.pass_completed_at,
    firstCompletedAt: r.first_completed_at,
  };
}

const COLUMNS = `source, hwm::text AS hwm, incremental_at, pass_started_at, pass_bound_bucket,
  pass_cursor::text AS pass_cursor, pass_rows_done::text AS pass_rows_done,
  pass_rows_estimate::text AS pass_rows_estimate, pass_completed_at, first_completed_at`;

export async function listSourceStates(store: Store): Promise<SourceState[]> {
  const { rows } = await store.pool.query<Row>(`SELECT ${COLUMNS} FROM howdah.storage_sources ORDER BY source`);
  return rows.map(fromRow);
}

/** The counted table's state, its row created on first use. */
export function getSourceState(store: Store, source: string): Promise<SourceState> {
  return readSourceState(store.pool, source);
}

async function readSourceState(db: Queryable, source: string): Promise<SourceState> {
  await db.query("INSERT INTO howdah.storage_sources (source) VALUES ($1) ON CONFLICT DO NOTHING", [source]);
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM howdah.storage_sources WHERE source = $1`, [source]);
  return fromRow(rows[0]!);
}

export type SourceStatePatch = Partial<Omit<SourceState, "source">>;
type Patch = SourceStatePatch;

const COLUMN_OF: Record<keyof Patch, string> = {
  hwm: "hwm",
  incrementalAt: "incremental_at",
  passStartedAt: "pass_started_at",
  passBoundBucket: "pass_bound_bucket",
  passCursor: "pass_cursor",
  passRowsDone: "pass_rows_done",
  passRowsEstimate: "pass_rows_estimate",
  passCompletedAt: "pass_completed_at",
  firstCompletedAt: "first_completed_at",
};

export function updateSourceState(store: Store, source: string, patch: Patch): Promise<void> {
  return writeSourceState(store.pool, source, patch);
}

/** As updateSourceState, on the caller's transaction (lib/store's rollup writers). */
export async function writeSourceState(db: Queryable, source: string, patch: Patch): Promise<void> {
  const entries = Object.entries(patch) as [keyof Patch, unknown][];
  if (entries.length === 0) return;
  const sets = entries.map(([key], i) => `${COLUMN_OF[key]} = $${i + 2}`).join(", ");
  const values = entries.map(([, v]) => (typeof v === "bigint" ? v.toString() : v));
  await db.query(`UPDATE howdah.storage_sources SET ${sets} WHERE source = $1`, [source, ...values]);
}
