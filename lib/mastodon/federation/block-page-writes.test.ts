import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueuedJobJson } from "@/dev/fixtures/sidekiq/formats";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { isHowdahError } from "@/lib/errors";
import type { BlockFields, PageRow, WriteSource } from "./area";

/**
 * The batch page writer against the form's single-row writes, on generated
 * 4.3 and 4.6 instances: the same rows (two copies of one scenario under two
 * suffixes, one written row by row through createBlock / updateBlock, the
 * other as one page) must leave the same domain_blocks rows, the same
 * admin_action_logs rows in the same order, the same DomainBlockWorker jobs
 * byte for byte (jid and clock aside) in the same queue order, and the same
 * refusals: the guard against a stored parent and against a parent created
 * earlier in the page, an upgrade that changes nothing, an edit that changes
 * the severity, a bad domain and a block gone.
 */
const F = (over: Partial<BlockFields> = {}): BlockFields => ({
  severity: "silence",
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  privateComment: "",
  publicComment: "",
  ...over,
});
const SOURCE: WriteSource = { kind: "file", ref: "page-test.csv" };
const IN_BATCH = { instancesView: "batch" } as const;

describe.each(FIXTURE_VERSIONS)("block page writes on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let actor: { accountId: string };
  const format = version === "4.6" ? "8.1" : "6.5";

  beforeAll(async () => {
    t = await createTestInstance("pagewrites", version);
    db = testPool(t.connectionString);
    actor = { accountId: t.generated.signIns.find((s) => s.key === "admin")!.accountId };
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => {
    await t.redis.flushdb();
  });

  /** The stored blocks of one copy, before the rows. */
  async function seed(suffix: string) {
    const ids: Record<string, string> = {};
    for (const [name, severity, rejectMedia] of [
      ["parent", 1, false],
      ["own", 0, false],
      ["same", 0, true],
      ["edited", 1, false],
      ["gone", 0, false],
    ] as const) {
      const { rows } = await db.query(
        `INSERT INTO domain_blocks (domain, severity, reject_media, reject_reports, obfuscate, private_comment,
           public_comment, created_at, updated_at)
         VALUES ($1, $2, $3, false, false, 'mine', '', now() AT TIME ZONE 'UTC' - interval '1 day',
                 now() AT TIME ZONE 'UTC' - interval '1 day') RETURNING id::text AS id`,
        [`${name}.${suffix}`, severity, rejectMedia],
      );
      ids[name] = rows[0].id;
    }
    await db.query("DELETE FROM domain_blocks WHERE id = $1", [ids.gone]);
    return ids;
  }

  /** The scenario's rows for one copy. */
  function scenario(suffix: string, ids: Record<string, string>): PageRow[] {
    const d = (name: string) => `${name}.${suffix}`;
    return [
      { kind: "create", domain: d("fresh"), fields: F({ rejectMedia: true, publicComment: "spam" }) },
      { kind: "create", domain: d("own"), fields: F({ severity: "suspend", privateComment: "mine" }) },
      { kind: "create", domain: d("same"), fields: F({ rejectMedia: true, privateComment: "mine" }) },
      { kind: "create", domain: d("sub.parent"), fields: F() }, // looser than its stored parent: refused
      { kind: "update", id: ids.edited!, fields: F({ privateComment: "mine" }) }, // suspend → silence
      { kind: "create", domain: d("newparent"), fields: F({ severity: "suspend" }) },
      { kind: "create", domain: d("child.newparent"), fields: F() }, // looser than the row before it: refused
      { kind: "create", domain: d("stricter.newparent"), fields: F({ severity: "suspend", rejectMedia: true }) },
      { kind: "create", domain: `not a domain ${suffix}`, fields: F() },
      { kind: "update", id: ids.gone!, fields: F() },
      { kind: "create", domain: d("xn--bcher-kva"), fields: F({ severity: "noop", rejectReports: true }) },
    ];
  }

  /** What both paths left, with the copy's suffix and its ids taken out so the two can be compared. */
  async function leftBehind(suffix: string, lastLog: string, outcomes: unknown[]) {
    const strip = (s: string | null) => s?.split(suffix).join("<s>") ?? null;
    const { rows: blocks } = await db.query(
      `SELECT id::text, domain, severity, reject_media, reject_reports, obfuscate, private_comment, public_comment,
              created_at = updated_at AS fresh, updated_at > now() AT TIME ZONE 'UTC' - interval '1 hour' AS moved
         FROM domain_blocks WHERE domain LIKE $1 ORDER BY id`,
      [`%.${suffix}`],
    );
    const name = new Map(blocks.map((b) => [String(b.id), strip(b.domain)]));
    const { rows: logs } = await db.query(
      `SELECT account_id::text, action, target_type, target_id::text, human_identifier, route_param, permalink,
              created_at = updated_at AS same_time
         FROM admin_action_logs WHERE id > $1 ORDER BY id`,
      [lastLog],
    );
    const jobs = (await t.redis.lrange("queue:default", 0, -1)).reverse();
    return {
      blocks: blocks.map(({ id: _id, ...b }) => ({ ...b, domain: strip(b.domain) })),
      logs: logs.map((l) => ({ ...l, target_id: name.get(l.target_id), human_identifier: strip(l.human_identifier) })),
      jobs: jobs.map((raw) => {
        const job = JSON.parse(raw) as { args: (number | boolean)[]; jid: string; created_at: number };
        const ms = (v: number) => (version === "4.6" ? v : Math.round(v * 1000));
        const parsed = JSON.parse(raw) as { enqueued_at: number };
        // Byte for byte what Sidekiq's client writes for DomainBlockWorker.perform_async(*args).
        expect(raw).toBe(
          enqueuedJobJson(format, {
            class: "DomainBlockWorker",
            args: job.args,
            via: "perform_async",
            jid: job.jid,
            createdAt: ms(job.created_at),
            enqueuedAt: ms(parsed.enqueued_at),
          }),
        );
        return [name.get(String(job.args[0])), ...job.args.slice(1)];
      }),
      queues: await t.redis.smembers("queues"),
      outcomes: JSON.parse(strip(JSON.stringify(outcomes))!),
    };
  }

  const lastLogId = async () =>
    (await db.query("SELECT coalesce(max(id), 0)::text AS id FROM admin_action_logs")).rows[0].id as string;

  it("leaves what the form's writes leave row by row: rows, audit entries, jobs and refusals", async () => {
    const federation = t.context.mastodon.federation;

    const oneIds = await seed("one.pwtest");
    const oneLog = await lastLogId();
    const oneOutcomes: unknown[] = [];
    for (const row of scenario("one.pwtest", oneIds)) {
      try {
        const change =
          row.kind === "create"
            ? await federation.createBlock(
                { accountId: actor.accountId },
                { domain: row.domain, ...row.fields, confirmed: true },
                SOURCE,
                IN_BATCH,
              )
            : await federation.updateBlock(
                { accountId: actor.accountId },
                { id: row.id, ...row.fields, confirmed: true },
                SOURCE,
                IN_BATCH,
              );
        oneOutcomes.push({ ok: true, kind: change.kind, domain: change.domain, args: change.job?.args.slice(1) });
      } catch (error) {
        if (!isHowdahError(error)) throw error;
        oneOutcomes.push({ ok: false, code: error.code, message: error.message });
      }
    }
    const byRow = await leftBehind("one.pwtest", oneLog, oneOutcomes);
    await t.redis.flushdb();

    const twoIds = await seed("two.pwtest");
    const twoLog = await lastLogId();
    const outcomes = await federation.writeBlockPage(
      { accountId: actor.accountId },
      scenario("two.pwtest", twoIds),
      SOURCE,
    );
    const byPage = await leftBehind(
      "two.pwtest",
      twoLog,
      outcomes.map((o) =>
        o.ok
          ? { ok: true, kind: o.change.kind, domain: o.change.domain, args: o.change.job?.args.slice(1) }
          : { ok: false, code: o.code, message: o.message },
      ),
    );

    expect(byPage).toEqual(byRow);
    // The scenario really covers what it says (so the comparison is not of two empty runs).
    expect(byRow.outcomes.map((o: { ok: boolean; kind?: string; code?: string }) => o.kind ?? o.code)).toEqual([
      "create",
      "upgrade",
      "upgrade",
      "conflict",
      "update",
      "create",
      "conflict",
      "create",
      "bad_request",
      "not_found",
      "create",
    ]);
    expect(byRow.jobs).toContainEqual(["edited.<s>", true]);
    expect(byRow.blocks.find((b: { domain: string }) => b.domain === "same.<s>")).toMatchObject({ moved: false });
    expect(byRow.logs.map((l: { action: string }) => l.action)).toEqual([
      "create",
      "create",
      "create",
      "update",
      "create",
      "create",
      "create",
    ]);
  });

  it("writes nothing of a page whose transaction fails", async () => {
    const ids = await seed("three.pwtest");
    const before = await lastLogId();
    // A failure in the middle of the page's INSERT, after the upgrade rows were decided.
    await db.query(
      `CREATE OR REPLACE FUNCTION pwtest_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.domain = 'newparent.three.pwtest' THEN RAISE EXCEPTION 'refused by test'; END IF;
         RETURN NEW;
       END $$`,
    );
    await db.query(
      "CREATE TRIGGER pwtest_refuse BEFORE INSERT ON domain_blocks FOR EACH ROW EXECUTE FUNCTION pwtest_refuse()",
    );
    try {
      await expect(
        t.context.mastodon.federation.writeBlockPage(
          { accountId: actor.accountId },
          scenario("three.pwtest", ids),
          SOURCE,
        ),
      ).rejects.toThrow();
    } finally {
      await db.query("DROP TRIGGER pwtest_refuse ON domain_blocks");
      await db.query("DROP FUNCTION pwtest_refuse()");
    }
    const { rows } = await db.query("SELECT domain, severity FROM domain_blocks WHERE domain LIKE '%.three.pwtest'");
    expect(rows.map((r) => `${r.domain} ${r.severity}`).sort()).toEqual([
      "edited.three.pwtest 1",
      "own.three.pwtest 0",
      "parent.three.pwtest 1",
      "same.three.pwtest 0",
    ]);
    expect(await lastLogId()).toBe(before);
    expect(await t.redis.llen("queue:default")).toBe(0);
  });
});
