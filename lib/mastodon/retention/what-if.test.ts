import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { WHAT_IF_FIGURES, type WhatIfFigure } from "./what-if-sample";

/**
 * The what-if figures against direct counts of what each vacuum's predicate
 * selects, written independently here (joins instead of EXISTS, the cutoff
 * computed in SQL), on generated 4.3 and 4.6 instances.
 */
describe.each(FIXTURE_VERSIONS)("the what-if on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;

  beforeAll(async () => {
    t = await createTestInstance("retention_whatif", version);
    db = testPool(t.connectionString);
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const one = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);

  it.each([3, 30])("matches direct counts at %i days", async (days) => {
    const now = Date.now();
    const what = await t.context.mastodon.retention.readWhatIf(
      { mediaDays: days, contentDays: days, backupsDays: days },
      now,
    );
    const cutoff = `((to_timestamp(${now / 1000}) AT TIME ZONE 'UTC') - interval '${days} days')`;
    const mediaFiles = await one(
      `SELECT count(*) AS n FROM media_attachments WHERE length(remote_url) > 0 AND file_file_name IS NOT NULL
         AND greatest(created_at, updated_at) < ${cutoff}`,
    );
    const localInteracted = `SELECT f.status_id AS sid FROM favourites f JOIN accounts a ON a.id = f.account_id
        WHERE a.domain IS NULL
      UNION SELECT status_id FROM bookmarks
      UNION SELECT r.reblog_of_id FROM statuses r JOIN accounts a ON a.id = r.account_id
        WHERE a.domain IS NULL AND r.deleted_at IS NULL AND r.reblog_of_id IS NOT NULL
      UNION SELECT r.in_reply_to_id FROM statuses r JOIN accounts a ON a.id = r.account_id
        WHERE a.domain IS NULL AND r.deleted_at IS NULL AND r.in_reply_to_id IS NOT NULL`;
    const mediaInteracted = await one(
      `SELECT count(*) AS n FROM media_attachments m JOIN (${localInteracted}) i ON i.sid = m.status_id
        WHERE length(m.remote_url) > 0 AND m.file_file_name IS NOT NULL
          AND greatest(m.created_at, m.updated_at) < ${cutoff}`,
    );
    expect(what.media).toMatchObject({ files: mediaFiles, ofInteractedPosts: mediaInteracted });

    const cards = await one(
      `SELECT count(*) AS n FROM preview_cards WHERE coalesce(image_file_name, '') <> '' AND updated_at < ${cutoff}`,
    );
    expect(what.previewCards?.images).toBe(cards);

    const doomed = `SELECT s.id FROM statuses s, accounts a WHERE a.id = s.account_id AND a.domain IS NOT NULL
        AND s.deleted_at IS NULL AND s.id < (extract(epoch FROM ${cutoff} AT TIME ZONE 'UTC') * 1000)::bigint * 65536`;
    const total = await one(`SELECT count(*) AS n FROM (${doomed}) d`);
    const favourited = await one(
      `SELECT count(DISTINCT f.status_id) AS n FROM favourites f JOIN accounts a ON a.id = f.account_id
        WHERE a.domain IS NULL AND f.status_id IN (${doomed})`,
    );
    const cascaded = await one(
      `SELECT count(*) AS n FROM statuses r JOIN accounts a ON a.id = r.account_id
        WHERE a.domain IS NULL AND r.reblog_of_id IN (${doomed})`,
    );
    expect(what.statuses).toMatchObject({ total, favourited, localBoostsCascaded: cascaded });
    expect(what.statuses!.untouched).toBeLessThanOrEqual(total);
    if (days === 3) {
      expect(total).toBeGreaterThan(0);
      expect(favourited + cascaded).toBeGreaterThan(0);
    }

    const archives = await one(`SELECT count(*) AS n FROM backups WHERE created_at < ${cutoff}`);
    expect(what.archives?.count).toBe(archives);
    const orphans = await one(
      `SELECT count(*) AS n FROM media_attachments WHERE status_id IS NULL AND scheduled_status_id IS NULL
         AND created_at < (to_timestamp(${now / 1000}) AT TIME ZONE 'UTC') - interval '1 day'`,
    );
    expect(what.orphans.files).toBe(orphans);
  });

  it("samples exactly what each figure counts: the oldest rows, as many as counted up to 20", async () => {
    const now = Date.now();
    const days = 3;
    const what = await t.context.mastodon.retention.readWhatIf(
      { mediaDays: days, contentDays: days, backupsDays: days },
      now,
    );
    const counted: Record<WhatIfFigure, number> = {
      media: what.media!.files,
      media_interacted: what.media!.ofInteractedPosts,
      preview_cards: what.previewCards!.images,
      statuses: what.statuses!.total,
      statuses_untouched: what.statuses!.untouched,
      statuses_favourited: what.statuses!.favourited,
      statuses_bookmarked: what.statuses!.bookmarked,
      statuses_pinned: what.statuses!.pinned,
      statuses_replied_to: what.statuses!.repliedTo,
      statuses_boosted: what.statuses!.boosted,
      statuses_direct: what.statuses!.directToLocals,
      local_boosts: what.statuses!.localBoostsCascaded,
      archives: what.archives!.count,
      orphans: what.orphans.files,
    };
    const seen: string[] = [];
    for (const figure of WHAT_IF_FIGURES) {
      const rows = await t.context.mastodon.retention.readWhatIfSample(figure, days, now);
      expect(rows.length, figure).toBe(Math.min(20, counted[figure]));
      const ids = rows.map((r) => BigInt(r.id));
      expect(ids, `${figure} oldest first`).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      if (rows.length > 0) seen.push(figure);
    }
    // The fixture has rows behind most figures, so the sample is of something.
    expect(seen).toEqual(expect.arrayContaining(["media", "statuses", "statuses_boosted", "local_boosts", "orphans"]));

    const cutoffId = (BigInt(now - days * 86_400_000) << 16n).toString();
    const boosted = await t.context.mastodon.retention.readWhatIfSample("statuses_boosted", days, now);
    for (const row of boosted) {
      const n = await one(
        `SELECT count(*) AS n FROM statuses s JOIN accounts a ON a.id = s.account_id AND a.domain IS NOT NULL
          WHERE s.id = $1 AND s.id < $2 AND s.deleted_at IS NULL
            AND s.id IN (SELECT r.reblog_of_id FROM statuses r JOIN accounts l ON l.id = r.account_id
                          WHERE l.domain IS NULL)`,
        [row.id, cutoffId],
      );
      expect(n, `status ${row.id} is a remote post a local user boosted, older than the cutoff`).toBe(1);
      expect(row.url).toMatch(/^https:\/\//);
    }
  });

  it("leaves off what a disabled setting does not run, but always counts the orphan pass", async () => {
    const what = await t.context.mastodon.retention.readWhatIf({
      mediaDays: null,
      contentDays: null,
      backupsDays: null,
    });
    expect(what).toMatchObject({ media: null, previewCards: null, statuses: null, archives: null });
    expect(what.orphans.files).toBeGreaterThanOrEqual(0);
  });
});
