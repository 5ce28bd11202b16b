import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMastodonDatabase, dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { testEnv } from "@/dev/testing/test-env";
import { testDatabaseName } from "@/dev/testing/test-services";
import { loadConfig } from "@/lib/config/load-config";
import { createServerContext, type ServerContext } from "@/lib/server/context";
import { recordAudit, type AuditInput } from "@/lib/store/audit";
import { getAuditLog, parseAuditQuery } from "./audit-log";
import { auditCsvResponse, neutralizeFormula } from "./csv-export";

/**
 * The audit page and its CSV export against Howdah's store in real
 * PostgreSQL: filters, search (keys and readable names), keyset paging that
 * neither skips nor repeats an entry while new ones arrive, and CSV cells a
 * spreadsheet would run as formulas written as text.
 */
const database = testDatabaseName("audit_log");
let context: ServerContext;

const owner = { accountId: "1", acct: "owner" };
const moderator = { accountId: "2", acct: "mod" };

async function write(entries: AuditInput[]) {
  const store = await context.store();
  for (const entry of entries) await recordAudit(store, entry);
}

beforeAll(async () => {
  const url = await createMastodonDatabase({ database, version: "4.6" });
  context = createServerContext(loadConfig(testEnv({ connectionString: url, redisDb: 15 })));
  await write([
    ...Array.from({ length: 120 }, (_, i): AuditInput => ({
      actor: i % 3 === 0 ? moderator : owner,
      action: i % 2 === 0 ? "sidekiq.retry_job" : "sidekiq.delete_job",
      targetType: "sidekiq_job",
      target: `jid${String(i).padStart(3, "0")}`,
    })),
    { actor: owner, action: "queues.update_alert_thresholds", targetType: "queue_alert_settings", target: "push" },
    { actor: null, action: "relay.enable", targetType: "Relay", target: "https://relay.example/inbox" },
    { actor: owner, action: "relay.create", targetType: "Relay", target: '=HYPERLINK("http://evil","x")' },
    { actor: moderator, action: "sign_in", outcome: "refused", ip: "-1+2", details: { reason: "@SUM(A1)" } },
  ]);
});
afterAll(async () => {
  await context?.close();
  await dropMastodonDatabase({ database });
});

describe("audit log page", () => {
  it("pages newest first by id, 50 at a time, to the end and back without gaps or repeats", async () => {
    const seen: string[] = [];
    let query = parseAuditQuery({});
    for (;;) {
      const page = await getAuditLog(context, query);
      expect(page.rows.length).toBeLessThanOrEqual(50);
      seen.push(...page.rows.map((r) => r.id));
      // An entry written between pages must not shift the next page.
      if (seen.length === 50) await write([{ actor: owner, action: "sidekiq.retry_all", target: "retry" }]);
      if (!page.older) break;
      query = parseAuditQuery({ before: page.older });
    }
    expect(seen).toHaveLength(124);
    expect(new Set(seen).size).toBe(124);
    const ids = seen.map(BigInt);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));

    // Back from the last page towards the newest, then the newer link ends at the top.
    const last = await getAuditLog(context, parseAuditQuery({ before: seen[99]! }));
    expect(last.rows.map((r) => r.id)).toEqual(seen.slice(100));
    const back = await getAuditLog(context, parseAuditQuery({ after: last.newer! }));
    expect(back.rows.map((r) => r.id)).toEqual(seen.slice(50, 100));
    const top = await getAuditLog(context, parseAuditQuery({ after: back.newer! }));
    expect(top.rows.map((r) => r.id)).toEqual(seen.slice(0, 50));
    expect(top.newer).not.toBeNull(); // the entry written mid-way is newer still
    const newest = await getAuditLog(context, parseAuditQuery({ after: top.newer! }));
    expect(newest.rows.map((r) => r.action)).toEqual(["sidekiq.retry_all"]);
    expect(newest.newer).toBeNull();
  });

  it("filters by person, action and target type, and offers the choices that occur", async () => {
    const mod = await getAuditLog(context, parseAuditQuery({ actor: "mod", action: "sidekiq.retry_job" }));
    expect(mod.rows.length).toBe(20); // i ≡ 0 (mod 6) below 120
    expect(mod.rows.every((r) => r.actorAcct === "mod" && r.action === "sidekiq.retry_job")).toBe(true);
    const howdah = await getAuditLog(context, parseAuditQuery({ actor: "-" }));
    expect(howdah.rows.map((r) => r.action)).toEqual(["relay.enable"]);
    const relays = await getAuditLog(context, parseAuditQuery({ target: "Relay" }));
    expect(relays.rows.map((r) => r.action)).toEqual(["relay.create", "relay.enable"]);
    expect(mod.choices.actors).toEqual(["", "mod", "owner"]);
    expect(mod.choices.actions).toContain("queues.update_alert_thresholds");
    expect(mod.choices.targetTypes).toEqual(["queue_alert_settings", "Relay", "sidekiq_job"].sort());
  });

  it("searches targets, people, outcomes and readable action names, all words together", async () => {
    const byTarget = await getAuditLog(context, parseAuditQuery({ q: "JID007" }));
    expect(byTarget.rows.map((r) => r.target)).toEqual(["jid007"]);
    const byName = await getAuditLog(context, parseAuditQuery({ q: "thresholds" }));
    expect(byName.rows.map((r) => r.action)).toEqual(["queues.update_alert_thresholds"]);
    const both = await getAuditLog(context, parseAuditQuery({ q: "refused mod" }));
    expect(both.rows.map((r) => r.action)).toEqual(["sign_in"]);
    const none = await getAuditLog(context, parseAuditQuery({ q: "nothing-like-this" }));
    expect(none.rows).toEqual([]);
    expect(none.older).toBeNull();
  });

  it("shows the newest entries for a mangled address instead of failing", async () => {
    const page = await getAuditLog(context, parseAuditQuery({ before: "1 OR 1=1", actor: ["owner", "mod"] }));
    expect(page.rows.length).toBe(50);
  });
});

describe("audit log CSV", () => {
  it("exports every matching entry with readable names, formulas neutralised", async () => {
    const response = auditCsvResponse(context, {});
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="howdah-audit-.*\.csv"$/);
    const records = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(125);
    expect(Object.keys(records[0]!)).toEqual([
      "id",
      "time_utc",
      "actor",
      "action",
      "action_name",
      "target_type",
      "target",
      "outcome",
      "ip",
      "details",
    ]);
    const created = records.find((r) => r.action === "relay.create")!;
    expect(created.action_name).toBe("Added a relay");
    // The cell a spreadsheet would run as a formula is text: a leading apostrophe, quotes kept.
    expect(created.target).toBe(`'=HYPERLINK("http://evil","x")`);
    const refused = records.find((r) => r.action === "sign_in")!;
    expect(refused.ip).toBe("'-1+2");
    expect(refused.details).toBe(`{"reason":"@SUM(A1)"}`);
    expect(records.find((r) => r.target === "https://relay.example/inbox")!.actor).toBe("");
  });

  it("applies the page's filters and still writes the header when nothing matches", async () => {
    const filtered = parse(await auditCsvResponse(context, { actor: "mod", action: "sign_in" }).text(), {
      columns: true,
    });
    expect(filtered).toHaveLength(1);
    const empty = await auditCsvResponse(context, { search: "nothing-like-this" }).text();
    expect(empty.trim()).toBe("id,time_utc,actor,action,action_name,target_type,target,outcome,ip,details");
  });

  it("neutralises every formula lead character and leaves other cells alone", () => {
    for (const lead of ["=", "+", "-", "@", "\t", "\r"]) expect(neutralizeFormula(`${lead}1`)).toBe(`'${lead}1`);
    expect(neutralizeFormula("owner")).toBe("owner");
    expect(neutralizeFormula("a=b")).toBe("a=b");
  });
});
