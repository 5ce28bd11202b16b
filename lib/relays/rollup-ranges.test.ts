import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS } from "@/lib/mastodon/relays/traffic-sql";
import type { Store } from "@/lib/store/connection";
import { createRelaysTestInstance, insertArrivals, type RelaysTestInstance } from "@/dev/testing/relays-test-support";
import { testPool } from "@/dev/testing/test-pool";
import { rollupRelayTraffic } from "./rollup";

/**
 * The top servers' ranges are kept by deltas (0024): each run applies the
 * replaced hours' changes and moves the ranges along with the hour and the
 * day. After every kind of change — new arrivals, arrivals deleted (a server
 * left with no row at all), the hour moving, the day moving, several days
 * at once, the clock going back — the kept sums must equal a full recount
 * of the hour and day rows, and the day rows must equal their hour rows.
 */
const DAY_MS = 86_400_000;
const FIELDS = ["statuses", "followed", "relay_estimate", "media_bytes", "relay_media_bytes"];

/** Per server and range: "rows|s|f|r|m|rm", recounted from the hour and day rows. */
async function recountedRanges(store: Store, nowMs: number): Promise<Map<string, string>> {
  const hourFrom = new Date(Math.floor(nowMs / HOUR_MS) * HOUR_MS - 47 * HOUR_MS).toISOString();
  const today = new Date(Math.floor(nowMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const sums = FIELDS.map((f) => `sum(${f})`).join(" || '|' || ");
  const { rows } = await store.pool.query<{ k: string; v: string }>(
    `SELECT '48|' || domain AS k, count(*) || '|' || ${sums} AS v
       FROM howdah.relay_traffic_hour_domains WHERE hour >= $1 GROUP BY domain
     UNION ALL
     SELECT '14|' || domain, count(*) || '|' || ${sums}
       FROM howdah.relay_traffic_day_domains WHERE day >= $2::date - 13 AND day <= $2::date GROUP BY domain
     UNION ALL
     SELECT '90|' || domain, count(*) || '|' || ${sums}
       FROM howdah.relay_traffic_day_domains WHERE day >= $2::date - 89 AND day <= $2::date GROUP BY domain`,
    [hourFrom, today],
  );
  return new Map(rows.map((r) => [r.k, r.v]));
}

async function keptRanges(store: Store): Promise<Map<string, string>> {
  const kept = new Map<string, string>();
  const { rows } = await store.pool.query<Record<string, string>>("SELECT * FROM howdah.relay_traffic_domain_ranges");
  for (const r of rows) {
    // A server in no range has no row.
    expect(Number(r.n48) + Number(r.n14) + Number(r.n90)).toBeGreaterThan(0);
    for (const n of ["48", "14", "90"]) {
      if (Number(r[`n${n}`]) === 0) {
        expect([r[`s${n}`], r[`f${n}`], r[`r${n}`], r[`m${n}`], r[`rm${n}`]].map(Number)).toEqual([0, 0, 0, 0, 0]);
        continue;
      }
      kept.set(`${n}|${r.domain}`, [r[`n${n}`], r[`s${n}`], r[`f${n}`], r[`r${n}`], r[`m${n}`], r[`rm${n}`]].join("|"));
    }
  }
  return kept;
}

/** The ten servers per range, ranked from the recount as 0023 did (statuses, then name). */
async function expectTopEqualsRecount(store: Store, recount: Map<string, string>) {
  const expected: string[] = [];
  for (const [range, n] of [
    ["48h", "48"],
    ["14d", "14"],
    ["90d", "90"],
  ] as const) {
    const ranked = [...recount]
      .filter(([k]) => k.startsWith(`${n}|`))
      .map(([k, v]) => ({ domain: k.slice(n.length + 1), v: v.split("|").slice(1) }))
      .sort((a, b) => Number(b.v[0]) - Number(a.v[0]) || (a.domain < b.domain ? -1 : 1))
      .slice(0, 10);
    ranked.forEach((r, i) => expected.push([range, i + 1, r.domain, ...r.v].join("|")));
  }
  const { rows } = await store.pool.query<{ k: string }>(
    `SELECT concat_ws('|', range, rank, domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes) AS k
       FROM howdah.relay_traffic_top_domains`,
  );
  expect(rows.map((r) => r.k).sort()).toEqual(expected.sort());
}

async function expectDayRowsEqualHourRows(store: Store) {
  const { rows } = await store.pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM howdah.relay_traffic_day_domains d
       FULL JOIN (SELECT (hour AT TIME ZONE 'UTC')::date AS day, domain, count(*) AS hours, sum(statuses) AS s,
                         sum(boosts) AS b, sum(media_bytes) AS m
                    FROM howdah.relay_traffic_hour_domains GROUP BY 1, 2) h ON h.day = d.day AND h.domain = d.domain
      WHERE (d.day IS NULL OR d.day >= (SELECT min(hour) FROM howdah.relay_traffic_hour_domains)::date + 1)
        AND (h.day IS NULL OR d.day IS NULL OR h.hours <> d.hours OR h.s <> d.statuses OR h.b <> d.boosts
             OR h.m <> d.media_bytes)`,
  );
  expect(Number(rows[0]!.n)).toBe(0);
}

describe("relay top servers kept by deltas", () => {
  let t: RelaysTestInstance;
  let db: pg.Pool;
  let store: Store;

  beforeAll(async () => {
    t = await createRelaysTestInstance("ranges", "4.6");
    db = testPool(t.connectionString);
    store = await t.context.store();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  async function runAndCheck(nowMs = Date.now()) {
    const run = await rollupRelayTraffic(t.context, { now: nowMs, budgetMs: 60_000 });
    expect(run.caughtUp).toBe(true);
    const recount = await recountedRanges(store, nowMs);
    expect(await keptRanges(store)).toEqual(recount);
    await expectTopEqualsRecount(store, recount);
    await expectDayRowsEqualHourRows(store);
    return recount;
  }

  it("equals a full recount after the backfill, after several incremental runs and after a deletion", async () => {
    await runAndCheck();
    const { rows: remote } = await db.query<{ id: string }>(
      "SELECT id::text AS id FROM accounts WHERE domain IS NOT NULL ORDER BY id LIMIT 5",
    );
    // A server Howdah has never seen, whose only posts are deleted again below.
    const { rows: ghost } = await db.query<{ id: string }>(
      `INSERT INTO accounts (username, domain, created_at, updated_at)
       VALUES ('ghost', 'vanishing.example', now(), now()) RETURNING id::text AS id`,
    );
    for (let run = 0; run < 3; run++) {
      await insertArrivals(
        db,
        remote.map((r, i) => ({ accountId: r.id, mediaBytes: i % 2 ? 20_000 * (run + 1) : undefined })),
      );
      await runAndCheck();
    }
    const ghostIds = await insertArrivals(db, [
      { accountId: ghost[0]!.id },
      { accountId: ghost[0]!.id, mediaBytes: 50_000 },
    ]);
    // A snowflake id carries its transaction's time rounded to the millisecond, so it can be up to half a
    // millisecond ahead of the clock: the run counts up to a "now" safely past the inserts (a real worker's
    // next run recounts the current hour anyway).
    await new Promise((resolve) => setTimeout(resolve, 5));
    const withGhost = await runAndCheck();
    expect(withGhost.get("48|vanishing.example")).toMatch(/^1\|2\|/);
    await db.query("DELETE FROM media_attachments WHERE status_id = ANY($1::bigint[])", [ghostIds]);
    await db.query("DELETE FROM statuses WHERE id = ANY($1::bigint[])", [ghostIds]);
    const gone = await runAndCheck();
    expect([...gone.keys()].some((k) => k.endsWith("|vanishing.example"))).toBe(false);
    const { rows: left } = await store.pool.query(
      "SELECT 1 FROM howdah.relay_traffic_domain_ranges WHERE domain = 'vanishing.example'",
    );
    expect(left).toHaveLength(0);
  });

  it("moves with the hour and the day, by one or several, and recomputes when the clock goes back", async () => {
    const now = Date.now();
    await runAndCheck(now + 3 * HOUR_MS);
    await runAndCheck(now + DAY_MS);
    await runAndCheck(now + 3 * DAY_MS + 5 * HOUR_MS);
    await runAndCheck(now + 20 * DAY_MS);
    await runAndCheck(now + 2 * DAY_MS);
  });
});
