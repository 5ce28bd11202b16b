import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { runIncremental } from "./incremental";
import { getDomainStorage, readTopDomains } from "./domains";
import { getStoragePage } from "./page-data";
import { runReconcile } from "./reconcile";

/**
 * The storage rollups against a faithful Mastodon database (4.3 and 4.6):
 * totals equal what `tootctl media usage` would print, and the rollups equal
 * a full recount after inserts, late commits, evictions, deletions and
 * re-downloads. Both reference counts are written here from Mastodon's own
 * definitions (facts §7), independently of lib/mastodon/media.
 */

// tootctl media usage (lib/mastodon/cli/media.rb): Total and Local per object.
async function tootctl(db: pg.Pool): Promise<Record<string, { total: number; local?: number }>> {
  const one = async (sql: string) => Number((await db.query(sql)).rows[0].n ?? 0);
  const combined = "COALESCE(file_file_size, 0)::bigint + COALESCE(thumbnail_file_size, 0)";
  const localAccounts = "(SELECT id FROM accounts WHERE domain IS NULL)";
  const hasImports = (await db.query("SELECT to_regclass('public.imports') AS t")).rows[0].t !== null;
  const out: Record<string, { total: number; local?: number }> = {
    attachments: {
      total: await one(`SELECT sum(${combined}) AS n FROM media_attachments`),
      local: await one(`SELECT sum(${combined}) AS n FROM media_attachments WHERE account_id IN ${localAccounts}`),
    },
    emoji: {
      total: await one("SELECT sum(image_file_size) AS n FROM custom_emojis"),
      local: await one("SELECT sum(image_file_size) AS n FROM custom_emojis WHERE domain IS NULL"),
    },
    avatars: {
      total: await one("SELECT sum(avatar_file_size) AS n FROM accounts"),
      local: await one("SELECT sum(avatar_file_size) AS n FROM accounts WHERE domain IS NULL"),
    },
    headers: {
      total: await one("SELECT sum(header_file_size) AS n FROM accounts"),
      local: await one("SELECT sum(header_file_size) AS n FROM accounts WHERE domain IS NULL"),
    },
    preview_cards: { total: await one("SELECT sum(image_file_size) AS n FROM preview_cards") },
    backups: { total: await one("SELECT sum(dump_file_size) AS n FROM backups") },
    site_uploads: { total: await one("SELECT sum(file_file_size) AS n FROM site_uploads") },
  };
  if (hasImports) out.imports = { total: await one("SELECT sum(data_file_size) AS n FROM imports") };
  return out;
}

type Counts = Map<string, { bytes: number; files: number; evicted: number }>;

// A full recount per (kind, origin, domain), from the definitions in facts §7.
async function recount(db: pg.Pool): Promise<Counts> {
  const { rows } = await db.query(`
    SELECT 'attachments' AS kind, CASE WHEN a.domain IS NULL AND a.id IS NOT NULL THEN 'local' ELSE 'remote' END AS
      origin, COALESCE(a.domain, '') AS domain,
           sum(COALESCE(m.file_file_size, 0)::bigint + COALESCE(m.thumbnail_file_size, 0)) AS bytes,
             count(m.file_file_name) AS files,
           count(*) FILTER (WHERE m.remote_url <> '' AND m.file_file_name IS NULL) AS evicted
      FROM media_attachments m LEFT JOIN accounts a ON a.id = m.account_id GROUP BY 1, 2, 3
    UNION ALL
    SELECT 'avatars', CASE WHEN domain IS NULL THEN 'local' ELSE 'remote' END, COALESCE(domain, ''),
      sum(COALESCE(avatar_file_size, 0)), count(avatar_file_name),
           count(*) FILTER (WHERE domain IS NOT NULL AND avatar_file_name IS NULL AND avatar_remote_url <> '')
      FROM accounts GROUP BY 1, 2, 3
    UNION ALL
    SELECT 'headers', CASE WHEN domain IS NULL THEN 'local' ELSE 'remote' END, COALESCE(domain, ''),
      sum(COALESCE(header_file_size, 0)), count(header_file_name),
           count(*) FILTER (WHERE domain IS NOT NULL AND header_file_name IS NULL AND header_remote_url <> '')
      FROM accounts GROUP BY 1, 2, 3
    UNION ALL
    SELECT 'emoji', CASE WHEN domain IS NULL THEN 'local' ELSE 'remote' END, COALESCE(domain, ''),
      sum(COALESCE(image_file_size, 0)), count(image_file_name),
           count(*) FILTER (WHERE domain IS NOT NULL AND image_file_name IS NULL)
      FROM custom_emojis GROUP BY 1, 2, 3
    UNION ALL
    SELECT 'preview_cards', 'remote', '', sum(COALESCE(image_file_size, 0)), count(NULLIF(image_file_name, '')), 0
      FROM preview_cards
    UNION ALL
    SELECT 'backups', 'local', '', sum(COALESCE(dump_file_size, 0)), count(dump_file_name), 0 FROM backups
    UNION ALL
    SELECT 'site_uploads', 'local', '', sum(COALESCE(file_file_size, 0)), count(file_file_name), 0 FROM site_uploads`);
  const out: Counts = new Map();
  for (const r of rows) {
    if (Number(r.bytes ?? 0) === 0 && Number(r.files) === 0 && Number(r.evicted) === 0) continue;
    out.set(`${r.kind}|${r.origin}|${r.domain}`, {
      bytes: Number(r.bytes ?? 0),
      files: Number(r.files),
      evicted: Number(r.evicted),
    });
  }
  if ((await db.query("SELECT to_regclass('public.imports') AS t")).rows[0].t !== null) {
    const { rows: imp } = await db.query(
      "SELECT COALESCE(sum(data_file_size), 0) AS bytes, count(data_file_name) AS files FROM imports",
    );
    if (Number(imp[0].files) > 0)
      out.set("imports|local|", { bytes: Number(imp[0].bytes), files: Number(imp[0].files), evicted: 0 });
  }
  return out;
}

async function rollupCounts(store: pg.Pool): Promise<Counts> {
  const { rows } = await store.query(
    `SELECT kind, origin, domain, sum(bytes) AS bytes, sum(files) AS files, sum(evicted) AS evicted FROM
      howdah.storage_rollup GROUP BY 1, 2, 3
     HAVING sum(bytes) <> 0 OR sum(files) <> 0 OR sum(evicted) <> 0`,
  );
  return new Map(
    rows.map((r) => [
      `${r.kind}|${r.origin}|${r.domain}`,
      { bytes: Number(r.bytes), files: Number(r.files), evicted: Number(r.evicted) },
    ]),
  );
}

const sorted = (m: Counts) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

/** The derived tables pages read must equal the rollup they are derived from. */
async function expectDerivedConsistent(store: pg.Pool) {
  const q = async (sql: string) => (await store.query(sql)).rows.map((r) => JSON.stringify(r));
  expect(
    await q(
      `SELECT kind, origin, sum(bytes)::text b, sum(files)::text f, sum(evicted)::text e, sum(added_bytes)::text a
        FROM howdah.storage_rollup GROUP BY 1, 2 HAVING sum(bytes) <> 0 OR sum(files) <> 0 OR sum(evicted) <> 0 OR
        sum(added_bytes) <> 0 ORDER BY 1, 2`,
    ),
  ).toEqual(
    await q(
      `SELECT kind, origin, bytes::text b, files::text f, evicted::text e, added_bytes::text a FROM
        howdah.storage_totals WHERE bytes <> 0 OR files <> 0 OR evicted <> 0 OR added_bytes <> 0 ORDER BY 1, 2`,
    ),
  );
  expect(
    await q(
      `SELECT day, kind, origin, sum(bytes)::text b, sum(added_bytes)::text a FROM howdah.storage_rollup GROUP BY 1,
        2, 3 HAVING sum(bytes) <> 0 OR sum(added_bytes) <> 0 ORDER BY 1, 2, 3`,
    ),
  ).toEqual(
    await q(
      `SELECT day, kind, origin, bytes::text b, added_bytes::text a FROM howdah.storage_day_totals WHERE bytes <> 0
        OR added_bytes <> 0 ORDER BY 1, 2, 3`,
    ),
  );
  const remote = "origin = 'remote' AND domain <> '' AND kind IN ('attachments', 'avatars', 'headers', 'emoji')";
  expect(
    await q(
      `SELECT domain, kind, sum(bytes)::text b, sum(evicted)::text e FROM howdah.storage_rollup WHERE ${remote}
        GROUP BY 1, 2 HAVING sum(bytes) <> 0 OR sum(evicted) <> 0 ORDER BY 1, 2`,
    ),
  ).toEqual(
    await q(
      `SELECT domain, kind, bytes::text b, evicted::text e FROM howdah.storage_domain_totals WHERE bytes <> 0 OR
        evicted <> 0 ORDER BY 1, 2`,
    ),
  );
  expect(
    await q(
      `SELECT domain, day, sum(bytes)::text b, sum(added_bytes)::text a FROM howdah.storage_rollup WHERE ${remote}
        GROUP BY 1, 2 HAVING sum(bytes) <> 0 OR sum(added_bytes) <> 0 ORDER BY 1, 2`,
    ),
  ).toEqual(
    await q(
      `SELECT domain, day, bytes::text b, added_bytes::text a FROM howdah.storage_domain_days WHERE bytes <> 0 OR
        added_bytes <> 0 ORDER BY 1, 2`,
    ),
  );
}

const NOW_SNOWFLAKE = (minutesAgo: number) =>
  `(((extract(epoch FROM now() - interval '${minutesAgo} minutes') * 1000)::bigint << 16) + (random() * 60000)::int)`;

describe.each(FIXTURE_VERSIONS)("storage rollups on Mastodon %s", (version) => {
  let instance: TestInstance;
  let db: pg.Pool;
  let store: pg.Pool;
  const incremental = { marginMs: 0 };

  beforeAll(async () => {
    instance = await createTestInstance("storage", version);
    db = testPool(instance.connectionString);
    store = (await instance.context.store()).pool;
    if (version === "4.3") {
      // 4.3 still has the imports table; tootctl's 4.3 output has an Imports line.
      await db.query(`INSERT INTO imports (type, approved, created_at, updated_at, data_file_name,
        data_content_type, data_file_size, data_updated_at, account_id)
        SELECT 0, true, now() - interval '3 days', now() - interval '3 days', 'following.csv', 'text/csv', 4096 + id
          % 1000, now() - interval '3 days', id
          FROM accounts WHERE domain IS NULL AND id > 0 ORDER BY id LIMIT 3`);
    }
  });
  afterAll(async () => {
    await db?.end();
    await instance?.close();
  });

  it("counts the existing media in a first backfill, paused and resumed by its time budget", async () => {
    const first = await runReconcile(instance.context, { budgetMs: 0, chunkRows: 50, incremental });
    expect(first).toMatchObject({ sources: expect.objectContaining({ media_attachments: "paused" }) });
    const page = await getStoragePage(instance.context, null, "30d");
    expect(page.progress.complete).toBe(false);
    expect(page.forecast.status).toBe("counting");
    let runs = 1;
    for (;;) {
      const result = await runReconcile(instance.context, { budgetMs: 0, chunkRows: 50, incremental });
      runs++;
      if (!("skipped" in result) && Object.values(result.sources).every((s) => s === "done" || s === "up to date"))
        break;
      if (runs > 400) throw new Error("the backfill did not finish");
    }
    expect(runs).toBeGreaterThan(5);
    const after = await getStoragePage(instance.context, null, "30d");
    expect(after.progress.complete).toBe(true);
    expect(sorted(await rollupCounts(store))).toEqual(sorted(await recount(db)));
    await expectDerivedConsistent(store);
  });

  it("shows totals equal to what tootctl media usage prints for the same data", async () => {
    const page = await getStoragePage(instance.context, null, "30d");
    const expected = await tootctl(db);
    const byKind = Object.fromEntries(page.kinds.map((k) => [k.kind, k]));
    for (const [kind, figures] of Object.entries(expected)) {
      expect(byKind[kind]?.total, kind).toBe(figures.total);
      if (figures.local !== undefined) expect(byKind[kind]?.local, `${kind} local`).toBe(figures.local);
    }
    expect(Object.keys(byKind).sort()).toEqual(Object.keys(expected).sort());
    expect(page.media.total).toBe(Object.values(expected).reduce((a, f) => a + f.total, 0));
    if (version === "4.3") expect(byKind.imports?.total).toBeGreaterThan(0);
    // The generator leaves evicted remote media (file cleared, row kept).
    expect(byKind.attachments!.evicted).toBe(
      Number(
        (
          await db.query(
            "SELECT count(*) AS n FROM media_attachments WHERE remote_url <> '' AND file_file_name IS NULL",
          )
        ).rows[0].n,
      ),
    );
    expect(page.database.bytes).toBeGreaterThan(0);
    expect(page.redis.bytes).toBeGreaterThan(0);
    expect(page.spaceUsage).toBe(page.media.total + page.database.bytes! + page.redis.bytes!);
  });

  it("picks up new rows incrementally by id, once, however often it runs", async () => {
    const before = await getStoragePage(instance.context, null, "7d");
    const { rows } = await db.query(`
      INSERT INTO media_attachments (id, account_id, type, remote_url, file_file_name, file_content_type,
        file_file_size, file_updated_at, created_at, updated_at)
      SELECT ${NOW_SNOWFLAKE(0)} + g, a.id, 0, CASE WHEN a.domain IS NULL THEN '' ELSE 'https://' || a.domain ||
        '/m/' || g END,
             'new' || g || '.jpg', 'image/jpeg', 100000 + g, now(), now(), now()
        FROM generate_series(1, 40) g
        JOIN LATERAL (SELECT id, domain FROM accounts WHERE id > 0 ORDER BY id OFFSET (g * 7) LIMIT 1) a ON true
      RETURNING file_file_size`);
    const added = rows.reduce((a, r) => a + Number(r.file_file_size), 0);
    // Ids carry now() rounded to the millisecond; with a zero margin the pass
    // must start at least a millisecond later to see them.
    await sleep(20);
    await runIncremental(instance.context, incremental);
    await runIncremental(instance.context, incremental);
    const after = await getStoragePage(instance.context, null, "7d");
    expect(after.media.total - before.media.total).toBe(added);
    const today = after.growth.days.at(-1)!;
    const todayBefore = before.growth.days.at(-1)!;
    expect(today.addedLocal + today.addedRemote - todayBefore.addedLocal - todayBefore.addedRemote).toBe(added);
    expect(sorted(await rollupCounts(store))).toEqual(sorted(await recount(db)));
    await expectDerivedConsistent(store);
  });

  it("equals a full recount after late commits, evictions, deletions and re-downloads, once reconciled", async () => {
    // A row committed late, with an id in a day already counted.
    await db.query(`
      INSERT INTO media_attachments (id, account_id, type, remote_url, file_file_name, file_content_type,
        file_file_size, created_at, updated_at)
      SELECT ${NOW_SNOWFLAKE(10 * 24 * 60)}, (SELECT id FROM accounts WHERE domain IS NULL AND id > 0 LIMIT 1), 0,
        '', 'late.jpg', 'image/jpeg', 777777,
             now() - interval '10 days', now() - interval '10 days'`);
    // Evictions, as MediaAttachmentsVacuum / AttachmentBatch#clear does them (updated_at untouched).
    const evicted = await db.query(`
      UPDATE media_attachments SET file_file_name = NULL, file_content_type = NULL, file_file_size = NULL,
        file_updated_at = NULL,
             thumbnail_file_name = NULL, thumbnail_content_type = NULL, thumbnail_file_size = NULL,
               thumbnail_updated_at = NULL
       WHERE id IN (SELECT id FROM media_attachments WHERE remote_url <> '' AND file_file_name IS NOT NULL ORDER BY
         id LIMIT 25)`);
    expect(evicted.rowCount).toBe(25);
    await db.query(`UPDATE accounts SET avatar_file_name = NULL, avatar_content_type = NULL, avatar_file_size =
      NULL, avatar_updated_at = NULL
                     WHERE id IN (SELECT id FROM accounts WHERE domain IS NOT NULL AND avatar_file_name IS NOT NULL
                       ORDER BY id LIMIT 10)`);
    await db.query(`UPDATE preview_cards SET image_file_name = NULL, image_content_type = NULL, image_file_size =
      NULL, image_updated_at = NULL
                     WHERE id IN (SELECT id FROM preview_cards WHERE image_file_name IS NOT NULL ORDER BY id LIMIT 5)`);
    // Re-downloads: files back, created_at reset to now, id unchanged (MediaProxyController#redownload!).
    await db.query(`UPDATE media_attachments SET file_file_name = 'again.jpg', file_content_type = 'image/jpeg',
      file_file_size = 123456,
                           file_updated_at = now(), created_at = now(), updated_at = now()
                     WHERE id IN (SELECT id FROM media_attachments WHERE remote_url <> '' AND file_file_name IS NULL
                       ORDER BY id DESC LIMIT 6)`);
    // Deletions: media rows, a backup, and a remote account whose media stay with no account (FK nullify).
    await db.query(
      `DELETE FROM media_attachments WHERE id IN (SELECT id FROM media_attachments WHERE remote_url = '' AND
        file_file_name IS NOT NULL ORDER BY id LIMIT 15)`,
    );
    await db.query("DELETE FROM backups WHERE id = (SELECT min(id) FROM backups WHERE dump_file_size IS NOT NULL)");
    await db.query(`UPDATE media_attachments SET account_id = NULL WHERE account_id = (
                      SELECT account_id FROM media_attachments m JOIN accounts a ON a.id = m.account_id WHERE
                        a.domain IS NOT NULL AND m.file_file_name IS NOT NULL LIMIT 1)`);
    // A new remote account with an avatar, and a new remote emoji.
    await db.query(`INSERT INTO accounts (id, username, domain, created_at, updated_at, avatar_file_name,
      avatar_content_type, avatar_file_size, avatar_remote_url)
                    VALUES (${NOW_SNOWFLAKE(0)}, 'newcomer', 'new.example', now(), now(), 'a.png', 'image/png',
                      54321, 'https://new.example/a.png')`);
    await db.query(`INSERT INTO custom_emojis (shortcode, domain, image_file_name, image_content_type,
      image_file_size, image_remote_url, created_at, updated_at)
                    VALUES ('fresh', 'new.example', 'fresh.png', 'image/png', 2222, 'https://new.example/fresh.png',
                      now() - interval '1 second', now() - interval '1 second')`);

    await sleep(20);
    await runIncremental(instance.context, incremental);
    const stale = await rollupCounts(store);
    expect(sorted(stale)).not.toEqual(sorted(await recount(db)));

    const result = await runReconcile(instance.context, { force: true, incremental });
    expect(result).toMatchObject({
      sources: { media_attachments: "done", accounts: "done", custom_emojis: "done", preview_cards: "done" },
    });
    expect(sorted(await rollupCounts(store))).toEqual(sorted(await recount(db)));
    await expectDerivedConsistent(store);
    if (!("skipped" in result)) expect(result.freedBytes).toBeGreaterThan(0);

    const page = await getStoragePage(instance.context, null, "30d");
    const expected = await tootctl(db);
    for (const k of page.kinds) expect(k.total, k.kind).toBe(expected[k.kind]!.total);
    // A re-download counts as bytes landed today; an eviction keeps what was added.
    const { rows: redl } = await db.query(
      "SELECT sum(file_file_size)::text AS n FROM media_attachments WHERE file_file_name = 'again.jpg'",
    );
    expect(page.growth.days.at(-1)!.addedRemote).toBeGreaterThanOrEqual(Number(redl[0].n));
    const { rows: snap } = await store.query(
      "SELECT freed_bytes::text AS f, complete FROM howdah.storage_snapshots ORDER BY day DESC LIMIT 1",
    );
    expect(Number(snap[0].f)).toBeGreaterThan(0);
    expect(snap[0].complete).toBe(true);
    // The new server has its own figures and growth.
    const domain = await getDomainStorage(instance.context, "new.example", "7d");
    expect(domain.totals.bytes).toBe(54321 + 2222);
    expect(domain.totals.added7d).toBe(54321 + 2222);
    expect(domain.kinds.find((k) => k.kind === "avatars")?.bytes).toBe(54321);
    expect(domain.rank).toBeGreaterThan(0);
  });

  it("ranks remote servers as a full recount does, after incremental runs, deletions and reconciles", async () => {
    const DOMAIN_KINDS = new Set(["attachments", "avatars", "headers", "emoji"]);
    const today = new Date().toISOString().slice(0, 10);
    // What the page used to compute on every request: every domain's rollup rows grouped, ordered by size.
    const grouped = async () =>
      (
        await store.query(
          `SELECT domain, sum(bytes)::text AS bytes, sum(files)::text AS files, sum(evicted)::text AS evicted
             FROM howdah.storage_domain_totals GROUP BY domain HAVING sum(bytes) > 0
            ORDER BY sum(bytes) DESC, domain`,
        )
      ).rows.map((r) => ({
        domain: r.domain,
        bytes: Number(r.bytes),
        files: Number(r.files),
        evicted: Number(r.evicted),
      }));
    const expectRankingEqualsRecount = async () => {
      const ranked = await readTopDomains(await instance.context.store(), today, 100_000);
      const expected = await grouped();
      expect(ranked.map(({ domain, bytes, files, evicted }) => ({ domain, bytes, files, evicted }))).toEqual(expected);
      // And each server's bytes equal a recount from Mastodon's own tables.
      const fromMastodon = new Map<string, number>();
      for (const [key, c] of await recount(db)) {
        const [kind, origin, domain] = key.split("|") as [string, string, string];
        if (origin === "remote" && domain !== "" && DOMAIN_KINDS.has(kind))
          fromMastodon.set(domain, (fromMastodon.get(domain) ?? 0) + c.bytes);
      }
      expect(new Map(ranked.map((r) => [r.domain, r.bytes]))).toEqual(
        new Map([...fromMastodon].filter(([, bytes]) => bytes > 0)),
      );
      for (const [i, row] of ranked.slice(0, 3).entries()) {
        const page = await getDomainStorage(instance.context, row.domain, "7d");
        const sameSizeAbove = ranked.findIndex((r) => r.bytes === row.bytes);
        expect(page.rank, row.domain).toBe(Math.min(i, sameSizeAbove) + 1);
        expect(page.totals.byKind).toEqual(row.byKind);
      }
      return ranked;
    };

    const before = await expectRankingEqualsRecount();
    expect(before.length).toBeGreaterThan(3);
    // New files for the second-largest server (picked up by an incremental run), then deletions of the
    // largest one's files (which only a reconcile sees): the order changes both ways.
    const [top, second] = [before[0]!, before[1]!];
    await db.query(
      `INSERT INTO media_attachments (id, account_id, type, remote_url, file_file_name, file_content_type,
        file_file_size, file_updated_at, created_at, updated_at)
       SELECT ${NOW_SNOWFLAKE(0)} + g, (SELECT id FROM accounts WHERE domain = $1 ORDER BY id LIMIT 1), 0,
              'https://' || $1 || '/m/rank' || g, 'rank' || g || '.jpg', 'image/jpeg', $2::bigint, now(), now(), now()
         FROM generate_series(1, 3) g`,
      [second.domain, top.bytes],
    );
    await sleep(20);
    await runIncremental(instance.context, incremental);
    const afterInsert = await expectRankingEqualsRecount();
    expect(afterInsert[0]!.domain).toBe(second.domain);
    await db.query(`DELETE FROM media_attachments WHERE account_id IN (SELECT id FROM accounts WHERE domain = $1)`, [
      second.domain,
    ]);
    await db.query(
      `UPDATE accounts SET avatar_file_name = NULL, avatar_content_type = NULL, avatar_file_size = NULL,
         header_file_name = NULL, header_content_type = NULL, header_file_size = NULL WHERE domain = $1`,
      [second.domain],
    );
    await db.query(
      `UPDATE custom_emojis SET image_file_name = NULL, image_content_type = NULL, image_file_size = NULL
        WHERE domain = $1`,
      [second.domain],
    );
    await runIncremental(instance.context, incremental);
    await runReconcile(instance.context, { force: true, incremental });
    const afterDeletion = await expectRankingEqualsRecount();
    expect(afterDeletion.map((r) => r.domain)).not.toContain(second.domain);
    expect(
      await store.query("SELECT bytes FROM howdah.storage_domain_ranking WHERE domain = $1", [second.domain]),
    ).toMatchObject({ rows: [{ bytes: "0" }] });
  });

  it("does not run two passes at once, and reconciles at most once a day", async () => {
    const [a, b] = await Promise.all([
      runReconcile(instance.context, { incremental }),
      runReconcile(instance.context, { incremental }),
    ]);
    const outcomes = [a, b].map((r) => ("skipped" in r ? "skipped" : Object.values(r.sources).join(",")));
    expect(outcomes.some((o) => o === "skipped" || o.split(",").every((s) => s === "up to date"))).toBe(true);
    const again = await runReconcile(instance.context, { incremental });
    expect(again).toMatchObject({ sources: { media_attachments: "up to date" } });
  });
});
