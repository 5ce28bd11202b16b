import "server-only";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";

/**
 * Howdah's own schema migrations.
 *
 * Prisma's `migrate` needs its native schema engine, which cannot be downloaded
 * on the machines Howdah is built for, so migrations are plain SQL files in
 * prisma/migrations, applied here in name order. Each runs in its own
 * transaction under an advisory lock (two Howdah processes starting together
 * apply each file once) and is recorded with its checksum; an applied file
 * that later changes is reported instead of silently re-run. Only the `howdah`
 * schema is ever touched.
 */

// Resolved from the working directory (Howdah always runs from its checkout:
// npm scripts, next start): a bundled server has no source-relative dirname.
export const MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");
const LOCK_KEY = 0x686f7764; // "howd": arbitrary, constant across releases

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationChecksumError extends Error {}

export async function migrateStore(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = (await readdir(/* turbopackIgnore: true */ dir)).filter((f) => f.endsWith(".sql")).sort();
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query("CREATE SCHEMA IF NOT EXISTS howdah");
    await client.query(`CREATE TABLE IF NOT EXISTS howdah.schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      "SELECT name, checksum FROM howdah.schema_migrations",
    );
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const file of files) {
      const sql = await readFile(/* turbopackIgnore: true */ path.join(dir, file), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = done.get(file);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new MigrationChecksumError(
            `Migration ${file} was changed after it was applied; add a new migration instead of editing it.`,
          );
        }
        result.alreadyApplied.push(file);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query("INSERT INTO howdah.schema_migrations (name, checksum) VALUES ($1, $2)", [file, checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      result.applied.push(file);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
