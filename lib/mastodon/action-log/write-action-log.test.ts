import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMastodonDatabase, dropMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { generateInstance } from "@/dev/fixtures/generator";
import { FIXTURE_VERSIONS } from "@/dev/testing/test-instance";
import { testDatabaseName } from "@/dev/testing/test-services";
import { testPool } from "@/dev/testing/test-pool";
import { detectMastodonVersion, type MastodonVersion } from "@/lib/mastodon/version";
import { inTransaction } from "@/lib/pg/in-transaction";
import { mastodonLogs } from "./logged-actions";
import {
  deriveColumns,
  instanceTargetId,
  writeActionLog,
  type ActionLogEntry,
  type ActionLogTarget,
} from "./write-action-log";

/**
 * The writer against generated 4.3 and 4.6 databases. Expected values are
 * computed here the way Mastodon's models do (Account#acct, the to_log_*
 * methods, TagManager#uri_for), in SQL, independently of the writer's code,
 * and checked against the rows the generator logged itself.
 */
const WEB = "howdah.test";

describe.each(FIXTURE_VERSIONS)("admin_action_logs on Mastodon %s", (fixture) => {
  const database = testDatabaseName(`action_log_${fixture.replace(".", "")}`);
  let db: pg.Pool;
  let version: MastodonVersion;
  let staff: string;
  let generatedMax: string;

  beforeAll(async () => {
    const connectionString = await createMastodonDatabase({ database, version: fixture });
    await generateInstance(connectionString, { version: fixture, scale: "small", seed: 42 });
    db = testPool(connectionString);
    version = await detectMastodonVersion(db);
    staff = (await db.query("SELECT account_id::text AS id FROM admin_action_logs ORDER BY id LIMIT 1")).rows[0].id;
    generatedMax = (await db.query("SELECT max(id)::text AS id FROM admin_action_logs")).rows[0].id;
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await dropMastodonDatabase({ database });
  });

  const one = async (sql: string): Promise<Record<string, string | null>> => {
    const { rows } = await db.query(sql);
    if (!rows[0]) throw new Error(`the generator made no row for: ${sql}`);
    return rows[0];
  };
  const acctSql = (a: string) =>
    `CASE WHEN ${a}.domain IS NULL THEN ${a}.username ELSE ${a}.username || '@' || ${a}.domain END`;
  const write = (entry: ActionLogEntry) => inTransaction(db, (tx) => writeActionLog(tx, version, entry));
  const row = async (id: string) => (await db.query("SELECT * FROM admin_action_logs WHERE id = $1", [id])).rows[0];

  it("writes every column as log_action does, created_at = updated_at in UTC", async () => {
    const block = await one("SELECT id::text AS id, domain FROM domain_blocks ORDER BY id LIMIT 1");
    const before = Date.now();
    const id = await write({ accountId: staff, action: "update", target: { type: "DomainBlock", id: block.id! } });
    const log = await row(id);
    expect(log).toMatchObject({
      account_id: staff,
      action: "update",
      target_type: "DomainBlock",
      target_id: block.id,
      human_identifier: block.domain,
      route_param: null,
      permalink: null,
    });
    expect(log.created_at.getTime()).toBe(log.updated_at.getTime());
    // timestamp without time zone read by node-postgres as local time: the test env runs in UTC.
    const utc = (
      await db.query(
        "SELECT (created_at = (SELECT max(created_at) FROM admin_action_logs)) AS latest, " +
          "extract(epoch FROM created_at) * 1000 AS ms FROM admin_action_logs WHERE id = $1",
        [id],
      )
    ).rows[0];
    expect(utc.latest).toBe(true);
    expect(Math.abs(Number(utc.ms) - before)).toBeLessThan(60_000);
  });

  it.each([
    ["DomainBlock", "domain_blocks"],
    ["DomainAllow", "domain_allows"],
    ["UnavailableDomain", "unavailable_domains"],
    ["EmailDomainBlock", "email_domain_blocks"],
  ] as const)("logs a %s with its domain", async (type, table) => {
    const target = await one(`SELECT id::text AS id, domain FROM ${table} ORDER BY id LIMIT 1`);
    const id = await write({ accountId: staff, action: "create", target: { type, id: target.id! } } as ActionLogEntry);
    expect(await row(id)).toMatchObject({
      target_type: type,
      target_id: target.id,
      human_identifier: target.domain,
      route_param: null,
      permalink: null,
    });
  });

  it("logs an Instance by domain, target_id being the domain's String#to_i", async () => {
    const id = await write({
      accountId: staff,
      action: "destroy",
      target: { type: "Instance", domain: "spam.example" },
    });
    expect(await row(id)).toMatchObject({ target_type: "Instance", target_id: "0", human_identifier: "spam.example" });
    expect(instanceTargetId("123host.example")).toBe("123");
    expect(instanceTargetId("1_000.example")).toBe("1000");
    expect(instanceTargetId("-5x")).toBe("-5");
  });

  it("logs a Report with its id as text", async () => {
    const report = await one("SELECT id::text AS id FROM reports ORDER BY id LIMIT 1");
    const id = await write({ accountId: staff, action: "resolve", target: { type: "Report", id: report.id! } });
    expect(await row(id)).toMatchObject({ target_id: report.id, human_identifier: report.id, route_param: null });
  });

  it("logs local and remote Accounts by acct", async () => {
    for (const where of ["a.domain IS NULL", "a.domain IS NOT NULL"]) {
      const account = await one(
        `SELECT a.id::text AS id, ${acctSql("a")} AS acct FROM accounts a
         WHERE ${where} AND a.id > 0 ORDER BY a.id LIMIT 1`,
      );
      const id = await write({ accountId: staff, action: "silence", target: { type: "Account", id: account.id! } });
      expect(await row(id)).toMatchObject({
        target_type: "Account",
        target_id: account.id,
        human_identifier: account.acct,
      });
    }
  });

  it("logs a User by its account's acct, route_param = account_id", async () => {
    const user = await one(`SELECT u.id::text AS id, u.account_id::text AS account_id, ${acctSql("a")} AS acct
      FROM users u JOIN accounts a ON a.id = u.account_id ORDER BY u.id DESC LIMIT 1`);
    const id = await write({ accountId: staff, action: "disable", target: { type: "User", id: user.id! } });
    expect(await row(id)).toMatchObject({
      target_type: "User",
      target_id: user.id,
      human_identifier: user.acct,
      route_param: user.account_id,
    });
  });

  it("logs an AccountWarning by the warned account's acct", async () => {
    const warning = await one(`SELECT w.id::text AS id, ${acctSql("a")} AS acct
      FROM account_warnings w JOIN accounts a ON a.id = w.target_account_id ORDER BY w.id LIMIT 1`);
    const id = await write({ accountId: staff, action: "create", target: { type: "AccountWarning", id: warning.id! } });
    expect(await row(id)).toMatchObject({ target_id: warning.id, human_identifier: warning.acct, route_param: null });
  });

  it("logs an Appeal by the appellant's acct, route_param = account_warning_id", async () => {
    const appeal = await one(`SELECT p.id::text AS id, p.account_warning_id::text AS warning, ${acctSql("a")} AS acct
      FROM appeals p JOIN accounts a ON a.id = p.account_id ORDER BY p.id LIMIT 1`);
    const id = await write({ accountId: staff, action: "approve", target: { type: "Appeal", id: appeal.id! } });
    expect(await row(id)).toMatchObject({
      target_id: appeal.id,
      human_identifier: appeal.acct,
      route_param: appeal.warning,
    });
  });

  it("logs a remote Status with its uri as permalink", async () => {
    const status = await one(`SELECT s.id::text AS id, s.uri, ${acctSql("a")} AS acct FROM statuses s
      JOIN accounts a ON a.id = s.account_id WHERE a.domain IS NOT NULL AND NOT coalesce(s.local, false)
      AND s.uri IS NOT NULL ORDER BY s.id LIMIT 1`);
    const id = await write({
      accountId: staff,
      action: "destroy",
      target: { type: "Status", id: status.id!, webDomain: WEB },
    });
    expect(await row(id)).toMatchObject({
      target_type: "Status",
      human_identifier: status.acct,
      permalink: status.uri,
      route_param: null,
    });
  });

  it("logs a local Status with TagManager#uri_for's route on WEB_DOMAIN", async () => {
    const status = await one(`SELECT s.id::text AS id, a.id::text AS account_id, a.username FROM statuses s
      JOIN accounts a ON a.id = s.account_id WHERE a.domain IS NULL AND s.reblog_of_id IS NULL ORDER BY s.id LIMIT 1`);
    const log = async () =>
      row(
        await write({
          accountId: staff,
          action: "update",
          target: { type: "Status", id: status.id!, webDomain: "www.howdah.test" },
        }),
      );
    if (fixture === "4.6") {
      // 4.5+: numeric_ap_id (id_scheme 1, the column default) → /ap/users/<account id>/…
      await db.query("UPDATE accounts SET id_scheme = 1 WHERE id = $1", [status.account_id]);
      expect((await log()).permalink).toBe(
        `https://www.howdah.test/ap/users/${status.account_id}/statuses/${status.id}`,
      );
      await db.query("UPDATE accounts SET id_scheme = 0 WHERE id = $1", [status.account_id]);
    }
    expect(await log()).toMatchObject({
      human_identifier: status.username,
      permalink: `https://www.howdah.test/users/${status.username}/statuses/${status.id}`,
    });
    const reblog =
      await one(`SELECT s.id::text AS id, a.username, to_jsonb(a) ->> 'id_scheme' AS scheme, a.id::text AS account_id
      FROM statuses s JOIN accounts a ON a.id = s.account_id
      WHERE a.domain IS NULL AND s.reblog_of_id IS NOT NULL ORDER BY s.id LIMIT 1`).catch(() => null);
    if (reblog) {
      const columns = await deriveColumns(db as unknown as pg.PoolClient, {
        type: "Status",
        id: reblog.id!,
        webDomain: WEB,
      });
      const path = reblog.scheme === "1" ? `ap/users/${reblog.account_id}` : `users/${reblog.username}`;
      expect(columns.permalink).toBe(`https://${WEB}/${path}/statuses/${reblog.id}/activity`);
    }
  });

  it("logs a CanonicalEmailBlock by its hash", async () => {
    const block = await one(
      "SELECT id::text AS id, canonical_email_hash AS hash FROM canonical_email_blocks ORDER BY id LIMIT 1",
    );
    const id = await write({
      accountId: staff,
      action: "destroy",
      target: { type: "CanonicalEmailBlock", id: block.id! },
    });
    expect(await row(id)).toMatchObject({ target_id: block.id, human_identifier: block.hash });
  });

  it("logs Relay actions by inbox_url from 4.4 on, and refuses them on 4.3", async () => {
    const relay = await one("SELECT id::text AS id, inbox_url FROM relays ORDER BY id LIMIT 1");
    const entry: ActionLogEntry = { accountId: staff, action: "enable", target: { type: "Relay", id: relay.id! } };
    if (fixture === "4.3") {
      expect(mastodonLogs(version.release, "Relay", "enable")).toBe(false);
      await expect(write(entry)).rejects.toThrow(/no audit-log entry for enable on Relay/);
    } else {
      expect(await row(await write(entry))).toMatchObject({ target_type: "Relay", human_identifier: relay.inbox_url });
    }
  });

  it("derives the same columns as the generator's own log rows", async () => {
    const { rows } = await db.query("SELECT * FROM admin_action_logs WHERE id <= $1 ORDER BY id", [generatedMax]);
    const checked = new Set<string>();
    for (const log of rows) {
      const target = targetOf(log.target_type, log.target_id, log.human_identifier);
      if (!target) continue;
      const derived = await deriveColumns(db as unknown as pg.PoolClient, target).catch((e: Error) => e);
      if (derived instanceof Error && /is not in the database/.test(derived.message)) continue; // since deleted
      if (derived instanceof Error) throw derived;
      expect([log.target_type, derived.humanIdentifier, derived.routeParam]).toEqual([
        log.target_type,
        log.human_identifier,
        log.route_param,
      ]);
      checked.add(log.target_type);
    }
    expect(checked.size).toBeGreaterThanOrEqual(4);
  });

  it("refuses a pair Mastodon has no wording for, at run time too", async () => {
    const block = await one("SELECT id::text AS id FROM domain_blocks ORDER BY id LIMIT 1");
    const before = (await db.query("SELECT count(*)::int AS n FROM admin_action_logs")).rows[0].n;
    // @ts-expect-error: "suspend" is not an action on DomainBlock
    const wrong: ActionLogEntry = {
      accountId: staff,
      action: "suspend",
      target: { type: "DomainBlock", id: block.id! },
    };
    await expect(write(wrong)).rejects.toThrow(/no audit-log entry for suspend on DomainBlock/);
    const unknown = {
      accountId: staff,
      action: "create",
      target: { type: "IpBlock", id: "1" },
    } as unknown as ActionLogEntry;
    await expect(write(unknown)).rejects.toThrow(/does not log actions on IpBlock/);
    await expect(
      write({ accountId: staff, action: "silence", target: { type: "Account", id: "999999999" } }),
    ).rejects.toThrow(/not in the database/);
    expect((await db.query("SELECT count(*)::int AS n FROM admin_action_logs")).rows[0].n).toBe(before);
  });

  it("takes the values a flow passes for a target it just deleted", async () => {
    const id = await write({
      accountId: staff,
      action: "destroy",
      target: { type: "DomainBlock", id: "987654", domain: "gone.example" },
    });
    expect(await row(id)).toMatchObject({ target_id: "987654", human_identifier: "gone.example" });
  });

  it(fixture === "4.3" ? "accepts a NULL account on 4.3" : "requires the acting account on 4.6", async () => {
    const report = await one("SELECT id::text AS id FROM reports ORDER BY id LIMIT 1");
    const entry: ActionLogEntry = { accountId: null, action: "reopen", target: { type: "Report", id: report.id! } };
    if (fixture === "4.3") expect((await row(await write(entry))).account_id).toBeNull();
    else await expect(write(entry)).rejects.toThrow(/NOT NULL/);
  });
});

function targetOf(type: string, id: string, human: string | null): ActionLogTarget | null {
  switch (type) {
    case "DomainBlock":
    case "DomainAllow":
    case "UnavailableDomain":
    case "EmailDomainBlock":
    case "Report":
    case "Account":
    case "User":
    case "AccountWarning":
    case "Appeal":
    case "CanonicalEmailBlock":
    case "Relay":
      return { type, id } as ActionLogTarget;
    case "Status":
      return { type, id, webDomain: WEB };
    case "Instance":
      return human ? { type, domain: human } : null;
    default:
      return null;
  }
}
