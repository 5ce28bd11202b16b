import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { listBlocksInput, listDomainBlocks } from "./blocks";
import { createDomainBlock } from "./manage";

/** The list's search, filters, sort and paging against the generated blocks plus a few made here. */
let t: TestInstance;
let db: pg.Pool;
beforeAll(async () => {
  t = await createTestInstance("blocks_list", "4.6");
  db = testPool(t.connectionString);
  const s = t.generated.signIns.find((x) => x.key === "admin")!;
  const actor = { staff: { accountId: s.accountId, acct: s.username }, ip: null };
  const base = { rejectMedia: false, rejectReports: false, obfuscate: false, publicComment: "", confirmed: true };
  await createDomainBlock(t.context, actor, {
    ...base,
    domain: "bücher.example",
    severity: "silence",
    privateComment: "why",
  });
  await createDomainBlock(t.context, actor, {
    ...base,
    domain: "sub.bücher.example",
    severity: "suspend",
    privateComment: "",
  });
  await createDomainBlock(t.context, actor, {
    ...base,
    domain: "zz-last.example",
    severity: "noop",
    rejectMedia: true,
    obfuscate: true,
    privateComment: "  ",
  });
}, 600_000);
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const list = (q: Record<string, string>) => listDomainBlocks(t.context, listBlocksInput.parse(q));

describe("the domain block list", () => {
  it("finds a Unicode search in punycode rows and names each row's parent block", async () => {
    const found = await list({ q: "Bücher" });
    expect(found.rows.map((r) => r.domain)).toEqual(["sub.xn--bcher-kva.example", "xn--bcher-kva.example"]);
    expect(found.rows[0]!.display).toBe("sub.bücher.example");
    expect(found.rows[0]!.parent).toMatchObject({ domain: "xn--bcher-kva.example", severity: "silence" });
    expect(found.rows[1]!.parent).toBeNull();
  });

  it("filters by severity, flags and private comment, as a direct query does", async () => {
    const direct = async (where: string) =>
      (await db.query(`SELECT domain FROM domain_blocks WHERE ${where} ORDER BY domain`)).rows.map((r) => r.domain);
    const domains = async (q: Record<string, string>) => (await list({ ...q, limit: "200" })).rows.map((r) => r.domain);
    expect(await domains({ severity: "suspend" })).toEqual(await direct("severity = 1"));
    expect(await domains({ severity: "noop,silence" })).toEqual(await direct("severity IN (0, 2)"));
    expect(await domains({ rejectMedia: "true" })).toEqual(await direct("reject_media"));
    expect(await domains({ rejectReports: "false" })).toEqual(await direct("NOT reject_reports"));
    expect(await domains({ obfuscate: "true" })).toEqual(await direct("obfuscate"));
    expect(await domains({ privateComment: "true" })).toEqual(
      await direct("private_comment IS NOT NULL AND btrim(private_comment) <> ''"),
    );
    expect(await domains({ privateComment: "true" })).toContain("xn--bcher-kva.example");
    expect(await domains({ privateComment: "true" })).not.toContain("zz-last.example");
  });

  it("sorts and pages, with the total and the counts by severity", async () => {
    const all = await list({ sort: "domain", dir: "desc", limit: "200" });
    expect(all.rows[0]!.domain).toBe("zz-last.example");
    const direct = (await db.query("SELECT count(*)::int AS n FROM domain_blocks")).rows[0].n;
    expect(all.total).toBe(direct);
    expect(Object.values(all.counts).reduce((a, b) => a + b, 0)).toBe(direct);
    const newest = await list({ sort: "created", dir: "desc", limit: "1" });
    expect(newest.rows[0]!.domain).toBe("zz-last.example");
    const page = await list({ sort: "domain", offset: "1", limit: "2" });
    expect(page.rows.map((r) => r.domain)).toEqual(
      [...all.rows]
        .reverse()
        .slice(1, 3)
        .map((r) => r.domain),
    );
    expect((await list({ offset: "100000" })).total).toBe(direct);
    const bySeverity = await list({ sort: "severity", limit: "200" });
    expect(bySeverity.rows[0]!.severity).toBe("noop");
    expect(bySeverity.rows.at(-1)!.severity).toBe("suspend");
  });

  it("refuses an unknown severity filter with a clear message", () => {
    expect(() => listBlocksInput.parse({ severity: "ban" })).toThrow(/silence, suspend and noop/);
  });
});
