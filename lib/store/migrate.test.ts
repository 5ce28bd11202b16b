import { testDatabaseName } from "@/dev/testing/test-services";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMastodonDatabase, dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { MigrationChecksumError, migrateStore } from "./migrate";
import { testPool } from "@/dev/testing/test-pool";

// Howdah's own migrations run against a real Mastodon database and must never
// touch Mastodon's public schema.
const database = testDatabaseName("migrate");
let pool: pg.Pool;
const tempDirs: string[] = [];

async function migrationsDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "howdah-mig-"));
  tempDirs.push(dir);
  return dir;
}

async function publicSchemaFingerprint(): Promise<string> {
  const { rows } = await pool.query(
    `SELECT md5(string_agg(table_name || '.' || column_name || ':' || data_type || ':' || coalesce(column_default, ''),
                           ',' ORDER BY table_name, column_name)) AS fp
       FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  return rows[0].fp;
}

beforeAll(async () => {
  const url = await createMastodonDatabase({ database, version: "4.6" });
  pool = testPool(url, 10);
});

afterAll(async () => {
  await pool.end();
  await dropMastodonDatabase({ database });
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("migrateStore", () => {
  it("creates Howdah's tables in the howdah schema only, and is idempotent", async () => {
    const before = await publicSchemaFingerprint();
    const first = await migrateStore(pool);
    expect(first.applied).toContain("0001_foundation.sql");
    const second = await migrateStore(pool);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    expect(await publicSchemaFingerprint()).toBe(before);
    const { rows } = await pool.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'howdah' ORDER BY 1",
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        "audit_log",
        "instance_samples",
        "schema_migrations",
        "sign_in_throttle",
        "totp_consumed",
      ]),
    );
  });

  it("applies concurrent runs once each", async () => {
    const dir = await migrationsDir();
    await writeFile(
      path.join(dir, "0001_a.sql"),
      "CREATE TABLE howdah.concurrency_probe (n int); INSERT INTO howdah.concurrency_probe VALUES (1);",
    );
    const results = await Promise.all([migrateStore(pool, dir), migrateStore(pool, dir), migrateStore(pool, dir)]);
    expect(results.flatMap((r) => r.applied)).toEqual(["0001_a.sql"]);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM howdah.concurrency_probe");
    expect(rows[0].n).toBe(1);
  });

  it("rolls a failing migration back whole and reports which one", async () => {
    const dir = await migrationsDir();
    await writeFile(
      path.join(dir, "0001_bad.sql"),
      "CREATE TABLE howdah.half_done (n int); SELECT no_such_function();",
    );
    await expect(migrateStore(pool, dir)).rejects.toThrow(/0001_bad\.sql failed/);
    const { rows } = await pool.query("SELECT to_regclass('howdah.half_done') AS t");
    expect(rows[0].t).toBeNull();
  });

  it("refuses to continue when an applied migration was edited", async () => {
    const dir = await migrationsDir();
    await writeFile(path.join(dir, "0001_edit.sql"), "CREATE TABLE IF NOT EXISTS howdah.edited (n int);");
    await migrateStore(pool, dir);
    await writeFile(path.join(dir, "0001_edit.sql"), "CREATE TABLE IF NOT EXISTS howdah.edited (n bigint);");
    await expect(migrateStore(pool, dir)).rejects.toBeInstanceOf(MigrationChecksumError);
  });
});
