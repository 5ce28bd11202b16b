import "server-only";
import type pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { HowdahConfig } from "@/lib/config/types";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createPgPool } from "@/lib/pg/pool";

/**
 * Howdah's own store: the `howdah` schema, in Mastodon's database unless
 * HOWDAH_DATABASE_URL points elsewhere. Prisma (over the pg driver adapter,
 * which needs no native engine) for typed access; the raw pool for the few
 * statements Prisma cannot express (upserts with windows, bulk inserts).
 */
export interface Store {
  pool: pg.Pool;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export function createStore(config: HowdahConfig): Store {
  // Howdah's own queries are not bounded as tightly as reads of Mastodon's
  // tables, but still bounded: rollups run in chunks well under this.
  const pool = createPgPool(config.howdah.store, config.howdah.storeStatementTimeoutMs, 5);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema: "howdah" }) });
  return {
    pool,
    prisma,
    async close() {
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
