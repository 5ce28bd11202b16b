import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMastodonDatabase, dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { parsePrismaModels, readPrismaModels, type PrismaColumn, type PrismaModel } from "@/dev/testing/prisma-schema";
import { testPool } from "@/dev/testing/test-pool";
import { testDatabaseName } from "@/dev/testing/test-services";
import { migrateStore } from "./migrate";

/**
 * The migrations (prisma/migrations/*.sql) are the one source of truth for
 * Howdah's tables; prisma/schema.prisma mirrors them for the typed client.
 * This fails as soon as the two disagree on a table, a column, its type, its
 * nullability or the primary key, so a schema change made in one place only
 * cannot land.
 */
const database = testDatabaseName("schema_agreement");
let pool: pg.Pool;
let models: PrismaModel[];

// Prisma scalar (and @db native type) → PostgreSQL's udt_name.
const PG_TYPE: Record<string, string> = {
  BigInt: "int8",
  Int: "int4",
  Float: "float8",
  String: "text",
  Boolean: "bool",
  DateTime: "timestamp",
  Json: "jsonb",
  Bytes: "bytea",
  Decimal: "numeric",
};
const PG_NATIVE: Record<string, string> = {
  Timestamptz: "timestamptz",
  Timestamp: "timestamp",
  Date: "date",
  VarChar: "varchar",
  Text: "text",
  SmallInt: "int2",
  Real: "float4",
  DoublePrecision: "float8",
};
// Howdah's migration ledger belongs to lib/store/migrate.ts, not to the client.
const NOT_MODELLED = new Set(["schema_migrations"]);

const pgTypeOf = (c: PrismaColumn) =>
  (c.nativeType && PG_NATIVE[c.nativeType]) ?? PG_TYPE[c.type] ?? `unknown ${c.type}`;

interface DbColumn {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: "YES" | "NO";
}

beforeAll(async () => {
  const url = await createMastodonDatabase({ database, version: "4.6" });
  pool = testPool(url, 2);
  await migrateStore(pool);
  models = await readPrismaModels(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"));
});

afterAll(async () => {
  await pool.end();
  await dropMastodonDatabase({ database });
});

async function dbColumns(): Promise<Map<string, DbColumn[]>> {
  const { rows } = await pool.query<DbColumn>(
    `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
      WHERE table_schema = 'howdah' ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, DbColumn[]>();
  for (const r of rows) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r]);
  return tables;
}

async function dbPrimaryKeys(): Promise<Map<string, string[]>> {
  const { rows } = await pool.query<{ table_name: string; columns: string[] }>(
    `SELECT tc.table_name, array_agg(k.column_name::text ORDER BY k.ordinal_position) AS columns
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage k
         ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
      WHERE tc.table_schema = 'howdah' AND tc.constraint_type = 'PRIMARY KEY'
      GROUP BY tc.table_name`,
  );
  return new Map(rows.map((r) => [r.table_name, r.columns]));
}

describe("prisma/schema.prisma and the migrated database", () => {
  it("model every table of the howdah schema, and nothing else", async () => {
    const tables = [...(await dbColumns()).keys()].filter((t) => !NOT_MODELLED.has(t)).sort();
    expect(models.map((m) => m.table).sort()).toEqual(tables);
    for (const m of models) expect(m.schema, m.name).toBe("howdah");
  });

  it("agree on every column: name, type, nullability", async () => {
    const tables = await dbColumns();
    for (const model of models) {
      const actual = (tables.get(model.table) ?? []).map((c) => ({
        column: c.column_name,
        type: c.udt_name,
        optional: c.is_nullable === "YES",
      }));
      const declared = model.columns.map((c) => ({
        column: c.column,
        // PostgreSQL names an array type by its element's, with a leading underscore.
        type: `${c.list ? "_" : ""}${pgTypeOf(c)}`,
        optional: c.optional,
      }));
      const byName = (a: { column: string }, b: { column: string }) => a.column.localeCompare(b.column);
      expect(declared.sort(byName), `model ${model.name} (${model.table})`).toEqual(actual.sort(byName));
    }
  });

  it("agree on every primary key", async () => {
    const keys = await dbPrimaryKeys();
    for (const model of models) {
      expect([...model.primaryKey].sort(), `model ${model.name}`).toEqual([...(keys.get(model.table) ?? [])].sort());
    }
  });

  it("would notice a column the schema file leaves out", () => {
    const [model] = parsePrismaModels(`model A {\n  id BigInt @id\n  note String? @map("the_note")\n  @@map("a")\n}`);
    expect(model).toMatchObject({ table: "a", primaryKey: ["id"] });
    expect(model!.columns.map((c) => [c.column, c.optional])).toEqual([
      ["id", false],
      ["the_note", true],
    ]);
  });
});
