import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, type FixtureVersion, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { previewBlockChange } from "../impact";
import { createDomainBlock, updateDomainBlock } from "../manage";
import { purgedBytes } from "./rollback-impact";
import { rollbackPlan } from "./batches";

/**
 * A batch's rollback preview carries the same impact as the form's preview
 * of each step: removing a block it created, editing back one it changed.
 */
const fields = {
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  privateComment: "",
  publicComment: "",
  confirmed: true,
};

describe.each(["4.6", "4.3"] as FixtureVersion[])("rollback impact on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  const admin = () => {
    const s = t.generated.signIns.find((x) => x.key === "admin")!;
    return { staff: { accountId: s.accountId, acct: s.username }, ip: null };
  };

  beforeAll(async () => {
    t = await createTestInstance("rollback_impact", version);
    db = testPool(t.connectionString);
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it("previews each step with the form's impact and sums them", async () => {
    const { rows } = await db.query(
      `SELECT a.domain FROM accounts a WHERE a.domain IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM domain_blocks b WHERE a.domain = b.domain OR a.domain LIKE '%.' || b.domain)
       GROUP BY a.domain ORDER BY count(*) DESC LIMIT 2`,
    );
    const [first, second] = rows.map((r) => r.domain as string);
    const created = await createDomainBlock(t.context, admin(), { ...fields, domain: first!, severity: "silence" });
    const other = await createDomainBlock(t.context, admin(), { ...fields, domain: second!, severity: "silence" });
    const changed = await updateDomainBlock(t.context, admin(), { ...fields, id: other.blockId, severity: "suspend" });

    const removal = await rollbackPlan(t.context, { id: created.batchId });
    const expected = await previewBlockChange(t.context, { kind: "remove", id: created.blockId });
    expect(removal.impact.steps).toHaveLength(1);
    expect(removal.impact.steps[0]!.impact).toMatchObject({
      action: "remove",
      domain: first,
      accounts: expected.accounts,
      reports: expected.reports,
    });
    expect(removal.impact.totals.accounts).toBe(expected.accounts.total);
    expect(removal.impact.totals.accounts).toBeGreaterThan(0);
    expect(removal.impact.totals.willUnsilence).toBe(expected.accounts.willUnsilence);

    const restore = await rollbackPlan(t.context, { id: changed.batchId });
    const back = await previewBlockChange(t.context, {
      kind: "update",
      id: other.blockId,
      severity: "silence",
      rejectMedia: false,
      rejectReports: false,
    });
    expect(restore.impact.steps[0]!.impact).toMatchObject({ action: "update", domain: second });
    expect(restore.impact.totals.mediaBytesPurged).toBe(purgedBytes(back));
    expect(restore.impact.totals.openReports).toBe(back.reports.openAgainst + back.reports.openBy);
  });
});
