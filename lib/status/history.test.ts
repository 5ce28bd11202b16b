import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMastodonDatabase, dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { testPool } from "@/dev/testing/test-pool";
import { testDatabaseName } from "@/dev/testing/test-services";
import type { Store } from "@/lib/store/connection";
import { migrateStore } from "@/lib/store/migrate";
import { recordSamples } from "./history";

/**
 * The uptime history when several processes measure and some record late:
 * every web process runs the status round, and one that could not reach the
 * store records its samples when it can. Each second must be credited once.
 */
const database = testDatabaseName("status_history");
let pool: pg.Pool;
let store: Store;
const T0 = Date.parse("2026-11-20T12:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const sample = (state: "operational" | "outage") => [{ id: "web" as const, state, responseMs: null }];

async function credited(): Promise<{ operational: number; outage: number; samples: number }> {
  const days = await pool.query<{ operational: number; outage: number }>(
    `SELECT operational_seconds AS operational, outage_seconds AS outage
       FROM howdah.status_days WHERE component = 'web'`,
  );
  const samples = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM howdah.status_samples WHERE component = 'web'",
  );
  return {
    operational: days.rows[0]?.operational ?? 0,
    outage: days.rows[0]?.outage ?? 0,
    samples: samples.rows[0]!.n,
  };
}

beforeAll(async () => {
  pool = testPool(await createMastodonDatabase({ database, version: "4.6" }), 10);
  await migrateStore(pool);
  store = { pool, prisma: null as never, close: async () => undefined };
});

afterAll(async () => {
  await pool.end();
  await dropMastodonDatabase({ database });
});

beforeEach(async () => {
  await pool.query("TRUNCATE howdah.status_samples, howdah.status_days");
});

describe("recording status samples", () => {
  it("a round recorded twice (its first write's answer was lost) counts once", async () => {
    await recordSamples(store, at(0), sample("operational"));
    await recordSamples(store, at(30), sample("operational"));
    await recordSamples(store, at(30), sample("operational"));
    expect(await credited()).toEqual({ operational: 60, outage: 0, samples: 2 });
  });

  it("a late sample (buffered while the store was down) is kept but does not credit time twice", async () => {
    await recordSamples(store, at(0), sample("operational"));
    await recordSamples(store, at(30), sample("operational"));
    // Another process measured 15 s and recorded only now: the 30 s sample already credited that time.
    await recordSamples(store, at(15), sample("outage"));
    expect(await credited()).toEqual({ operational: 60, outage: 0, samples: 3 });
  });

  it("processes recording at once credit each second once", async () => {
    await recordSamples(store, at(0), sample("operational"));
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((s) => recordSamples(store, at(s), sample("operational"))));
    // 30 s for the first sample (no earlier one), then exactly the 8 seconds up to the newest.
    expect(await credited()).toEqual({ operational: 38, outage: 0, samples: 9 });
  });
});
