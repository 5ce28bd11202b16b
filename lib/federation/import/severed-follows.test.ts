import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { previewBlockChange } from "../impact";

/**
 * The import preview counts, for all of a file's domains at once, the follows
 * a suspension of each would sever (severedFollowsByDomain, set-based). Each
 * count must be the very figure the form's impact preview gives for that
 * domain alone (domain-figures.ts, one domain at a time): here on generated
 * data with nested sub-domains listed next to their parents, a domain whose
 * own block has already suspended some accounts (their follows count again,
 * as the block runs again), accounts suspended by something else (they do
 * not), follows between two remote accounts (not counted) and domains with
 * no accounts.
 */
describe.each(FIXTURE_VERSIONS)("severed follows for a whole file on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  const listed: string[] = [];

  beforeAll(async () => {
    t = await createTestInstance("severed_follows", version);
    db = testPool(t.connectionString);
    const { rows } = await db.query<{ domain: string }>(
      `SELECT a.domain FROM accounts a WHERE a.domain IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM domain_blocks b WHERE a.domain = b.domain OR a.domain LIKE '%.' || b.domain)
       GROUP BY a.domain ORDER BY count(*) DESC LIMIT 3`,
    );
    const [big, second, third] = rows.map((r) => r.domain);
    const locals = (await db.query<{ id: string }>("SELECT id::text FROM accounts WHERE domain IS NULL AND id > 0"))
      .rows;
    const remoteOf = async (domain: string) =>
      (await db.query<{ id: string }>("SELECT id::text FROM accounts WHERE domain = $1 ORDER BY id LIMIT 1", [domain]))
        .rows[0]!.id;
    const add = async (username: string, domain: string, suspendedAt: string | null = null) =>
      (
        await db.query<{ id: string }>(
          `INSERT INTO accounts (username, domain, suspended_at, created_at, updated_at)
           VALUES ($1, $2, $3, now(), now()) RETURNING id::text`,
          [username, domain, suspendedAt],
        )
      ).rows[0]!.id;
    const follow = (from: string, to: string) =>
      db.query(
        `INSERT INTO follows (account_id, target_account_id, created_at, updated_at) VALUES ($1, $2, now(), now())
         ON CONFLICT DO NOTHING`,
        [from, to],
      );
    // Sub-domains two levels down, each with follows both ways with several local accounts.
    const sub = await add("sub1", `media.${big}`);
    const subsub = await add("sub2", `a.media.${big}`);
    for (const [i, l] of locals.slice(0, 5).entries()) {
      await follow(l.id, sub);
      if (i % 2 === 0) await follow(subsub, l.id);
    }
    // A follow between two remote accounts: no local side, never counted.
    await follow(sub, await remoteOf(second!));
    // The second domain has its own block; an account suspended by it (its marker) keeps a follow, as does one
    // suspended by something else.
    const { rows: block } = await db.query<{ created_at: string }>(
      `INSERT INTO domain_blocks (domain, severity, created_at, updated_at)
       VALUES ($1, 0, now() - interval '1 day', now()) RETURNING created_at::text`,
      [second],
    );
    const marked = await add("marked", second!, block[0]!.created_at);
    const elsewhere = await add("elsewhere", `x.${second}`, "2020-01-01 00:00:00");
    await follow(locals[0]!.id, marked);
    await follow(elsewhere, locals[1]!.id);
    listed.push(
      big!,
      `media.${big}`,
      `a.media.${big}`,
      second!,
      `x.${second}`,
      third!,
      `nobody.${third}`,
      "empty.test",
    );
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it("gives each domain the figures of its own impact preview", async () => {
    const batch = await t.context.mastodon.federation.severedFollowsByDomain(listed);
    for (const domain of listed) {
      const one = await previewBlockChange(t.context, {
        kind: "create",
        domain,
        severity: "suspend",
        rejectMedia: false,
        rejectReports: false,
      });
      const expected = { localFollowing: one.severed!.localFollowing, localFollowers: one.severed!.localFollowers };
      expect({ domain, ...(batch.get(domain) ?? { localFollowing: 0, localFollowers: 0 }) }).toEqual({
        domain,
        ...expected,
      });
    }
    // The fixture is not trivial: the parent counts its sub-domains' follows, the marked account counts.
    const big = batch.get(listed[0]!)!;
    const sub = batch.get(listed[1]!)!;
    expect(sub.localFollowing).toBe(5);
    expect(sub.localFollowers).toBe(3);
    expect(big.localFollowing).toBeGreaterThanOrEqual(5);
    expect(batch.get(listed[3]!)!.localFollowing).toBeGreaterThanOrEqual(1);
    expect(batch.get("empty.test")).toBeUndefined();
  });
});
