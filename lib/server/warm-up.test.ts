import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { createServerContext } from "./context";
import { WARM_PATHS, warmRoutes, warmUp } from "./warm-up";

/**
 * Before the server entry listens, its connections are open (seen from
 * PostgreSQL's side) and the shared routes have been requested once through
 * the real listener, so the first visitor does not pay for either.
 */
describe("warming at start", () => {
  let instance: TestInstance;
  let db: pg.Pool;
  beforeAll(async () => {
    instance = await createTestInstance("warm_up", "4.6");
    db = testPool(instance.connectionString, 1);
  });
  afterAll(async () => {
    await db?.end();
    await instance?.close();
  });

  it("opens Mastodon's and the store's PostgreSQL connections and pings Redis", async () => {
    const context = createServerContext(instance.config);
    const sql = `SELECT count(*) AS n FROM pg_stat_activity
      WHERE application_name = 'howdah' AND datname = current_database()`;
    const howdahConnections = async () => Number((await db.query(sql)).rows[0].n);
    const before = await howdahConnections();
    try {
      const lines: string[] = [];
      await warmUp(context, (l) => lines.push(l));
      expect(lines).toEqual([]); // everything reachable: nothing to say
      // Two for Mastodon's primary and two for the store (the same database here), besides the instance's own.
      expect((await howdahConnections()) - before).toBeGreaterThanOrEqual(4);
    } finally {
      await context.close();
    }
  });

  it("names what it could not reach instead of failing the start", async () => {
    const context = createServerContext({
      ...instance.config,
      mastodon: { ...instance.config.mastodon, db: { ...instance.config.mastodon.db, port: 1 } },
    });
    try {
      const lines: string[] = [];
      await warmUp(context, (l) => lines.push(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/could not reach PostgreSQL at start/);
    } finally {
      await context.close();
    }
  });
});

describe("warming the routes", () => {
  it("sends each shared path through the given listener once, on its own loopback port", async () => {
    const seen: string[] = [];
    await warmRoutes((req, res) => {
      seen.push(req.url ?? "");
      res.writeHead(204).end();
    });
    expect(seen).toEqual([...WARM_PATHS]);
  });
});
