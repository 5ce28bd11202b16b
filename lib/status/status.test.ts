import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config/load-config";
import { globalId, mailerJobSpec, SidekiqWriter, sidekiqFormatForMastodon } from "@/dev/fixtures/sidekiq";
import { statusCollector } from "@/lib/metrics/status-collector";
import { createServerContext } from "@/lib/server/context";
import { createRequestListener } from "@/lib/server/http-server";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testEnv } from "@/dev/testing/test-env";
import { addIncidentUpdate, createIncident } from "./incidents";
import { answerText } from "@/dev/testing/status-answers";
import { refreshStatus, republishIncidents } from "./refresh";
import { readSnapshotFromStore } from "./snapshot-store";
import { startHealthServer, type HealthServer } from "@/dev/testing/status-test-servers";
import type { ComponentId, StatusSnapshot } from "@/lib/shared/status-types";

/**
 * The status round end to end, on a real PostgreSQL and Redis per supported
 * Mastodon version: local servers stand in for Mastodon's health checks,
 * Sidekiq's data is written in the exact format of that version (with
 * REDIS_NAMESPACE on 4.3), and a second context pointed at nothing shows
 * what members see when PostgreSQL and Redis are both down.
 */
const SIDEKIQ_HOST = "sidekiq-internal-7.cluster.lan";
const SECRET_TOKEN = "reset-token-a1b2c3d4e5";
const STAFF = { accountId: "1", acct: "staffer_on_duty" };

const stateOf = (snapshot: StatusSnapshot, id: ComponentId) => snapshot.components.find((c) => c.id === id)!;

describe.each(FIXTURE_VERSIONS)("the status round on Mastodon %s", (version) => {
  let instance: TestInstance;
  let web: HealthServer;
  let streaming: HealthServer;
  let dir: string;
  let writer: SidekiqWriter;
  const namespace = version === "4.3" ? "mastodon" : undefined;

  beforeAll(async () => {
    web = await startHealthServer("/health");
    streaming = await startHealthServer("/api/v1/streaming/health");
    dir = mkdtempSync(path.join(tmpdir(), "howdah-status-"));
    instance = await createTestInstance("status", version, {
      HOWDAH_PROBE_WEB_URL: web.url,
      HOWDAH_PROBE_STREAMING_URL: streaming.url,
      HOWDAH_PROBE_TIMEOUT_MS: "1000",
      HOWDAH_STATUS_THRESHOLDS: "web=400ms,streaming=400ms",
      HOWDAH_STATUS_SNAPSHOT_FILE: path.join(dir, "snapshot.json"),
      ...(namespace ? { REDIS_NAMESPACE: namespace } : {}),
    });
    writer = new SidekiqWriter(instance.redis, { format: sidekiqFormatForMastodon(version), namespace, seed: 3 });
  });

  afterAll(async () => {
    await instance?.close();
    await web?.close();
    await streaming?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("judges Web and Streaming from local servers: healthy, slow, failing, hanging", async () => {
    const expected = { healthy: "operational", slow: "degraded", failing: "outage", hanging: "outage" } as const;
    for (const kind of ["healthy", "slow", "failing", "hanging"] as const) {
      web.behave(kind === "slow" ? { kind, delayMs: 600 } : { kind });
      streaming.behave(kind === "slow" ? { kind, delayMs: 600 } : { kind });
      const started = performance.now();
      const snapshot = await refreshStatus(instance.context);
      expect(performance.now() - started).toBeLessThan(4_000);
      expect(stateOf(snapshot, "web").state, kind).toBe(expected[kind]);
      expect(stateOf(snapshot, "streaming").state, kind).toBe(expected[kind]);
    }
    web.behave({ kind: "healthy" });
    streaming.behave({ kind: "healthy" });
  });

  it("reads federation, background jobs and e-mail from Sidekiq's Redis in this version's format", async () => {
    const now = Date.now();
    const { identity } = await writer.writeProcess({
      hostname: SIDEKIQ_HOST,
      pid: 4242,
      startedAt: now - 3_600_000,
      beat: now,
    });
    await writer.enqueue("ingress", [
      {
        class: "ActivityPub::ProcessingWorker",
        args: [109_876_543_210_987_654n, '{"type":"Create"}'],
        enqueuedAt: now - 12 * 60_000,
      },
      {
        class: "ActivityPub::ProcessingWorker",
        args: [109_876_543_210_987_655n, '{"type":"Like"}'],
        enqueuedAt: now - 60_000,
      },
    ]);
    const format = sidekiqFormatForMastodon(version);
    const mail = mailerJobSpec(format, {
      mailer: "UserMailer",
      action: "reset_password_instructions",
      args: [globalId("User", 77), SECRET_TOKEN],
      enqueuedAt: now - 600_000,
    });
    await writer.addRetries(
      Array.from({ length: 12 }, (_, i) => ({
        job: { ...mail, enqueuedAt: now - 600_000 + i },
        failure: {
          errorClass: "Net::SMTPAuthenticationError",
          errorMessage: `535 auth failed for ${SIDEKIQ_HOST}`,
          failedAt: now - 300_000,
        },
      })),
    );

    let snapshot = await refreshStatus(instance.context);
    expect(stateOf(snapshot, "federation")).toMatchObject({
      state: "degraded",
      message: "Posts from other servers are arriving about 12 minutes late.",
    });
    expect(stateOf(snapshot, "background_jobs")).toMatchObject({
      state: "operational",
      message: "Home timelines and notifications are up to date.",
    });
    expect(stateOf(snapshot, "email")).toMatchObject({
      state: "degraded",
      message: "Some e-mails could not be sent and are being retried.",
    });

    // A process still listed in `processes` whose heartbeat hash expired is dead.
    await instance.redis.del(writer.key(identity));
    snapshot = await refreshStatus(instance.context);
    expect(stateOf(snapshot, "background_jobs").state).toBe("outage");
    await writer.writeProcess({ hostname: SIDEKIQ_HOST, pid: 4242, startedAt: now - 3_600_000, beat: Date.now() });
  });

  it("records history: samples, per-day seconds, response times, and since", async () => {
    const store = await instance.context.store();
    const { rows } = await store.pool.query<{ component: string; n: number }>(
      "SELECT component, count(*)::int AS n FROM howdah.status_samples GROUP BY 1",
    );
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.n >= 6)).toBe(true);
    const days = await store.pool.query<{ outage: number; known: number }>(
      "SELECT outage_seconds AS outage, operational_seconds + degraded_seconds + outage_seconds AS known FROM " +
        "howdah.status_days WHERE component = 'web'",
    );
    expect(days.rows).toHaveLength(1);
    expect(days.rows[0]!.outage).toBeGreaterThan(0);

    web.behave({ kind: "failing" });
    const first = await refreshStatus(instance.context);
    const down = stateOf(first, "web");
    expect(down.state).toBe("outage");
    const second = await refreshStatus(instance.context);
    expect(stateOf(second, "web").since).toBe(down.since);
    web.behave({ kind: "healthy" });
    const back = await refreshStatus(instance.context);
    expect(Date.parse(stateOf(back, "web").since!)).toBeGreaterThan(Date.parse(down.since!));

    expect(back.uptime.web).toHaveLength(90);
    expect(back.uptime.web!.at(-1)!.outage).toBeGreaterThan(0);
    expect(back.responseTimes.web.length).toBeGreaterThan(0);
    expect(back.responseTimes.web.every((p) => p.ms === null || p.ms >= 0)).toBe(true);
    expect((await readSnapshotFromStore(store))?.publishedAt).toBe(back.publishedAt);
  });

  it("publishes incidents at once, and the public answers hold nothing private", async () => {
    const store = await instance.context.store();
    await createIncident(
      store,
      {
        kind: "incident",
        title: "Federation is behind",
        body: "We are looking into a backlog of incoming posts.",
        impact: "minor",
        status: "investigating",
        components: ["federation"],
      },
      STAFF,
    );
    await republishIncidents(instance.context, store);
    const [page, json, feed] = await Promise.all([
      answerText(instance.context, "page"),
      answerText(instance.context, "json"),
      answerText(instance.context, "feed"),
    ]);
    expect(page).toContain("Federation is behind");
    expect(page).toContain("Posts from other servers are arriving about 12 minutes late.");
    expect(JSON.parse(json).incidents[0].title).toBe("Federation is behind");
    expect(feed).toContain("Investigating: Federation is behind");
    const forbidden = [
      "127.0.0.1",
      `:${new URL(web.url).port}`,
      `:${new URL(streaming.url).port}`,
      "/api/v1/streaming/health",
      SIDEKIQ_HOST,
      SECRET_TOKEN,
      "109876543210987654",
      "Net::SMTP",
      "ProcessingWorker",
      STAFF.acct,
      instance.database,
      "postgres",
      "redis://",
    ];
    for (const [name, body] of [
      ["page", page],
      ["json", json],
      ["feed", feed],
    ] as const) {
      for (const secret of forbidden) expect(body, `${name} contains ${secret}`).not.toContain(secret);
    }
  });

  it("lets an open incident set a component's state in every answer, this round and the next", async () => {
    const store = await instance.context.store();
    const opened = await createIncident(
      store,
      {
        kind: "incident",
        title: "Redis is restarting",
        body: "Timelines may not load for a few minutes.",
        impact: "major",
        status: "identified",
        components: ["redis"],
      },
      STAFF,
    );
    const published = await republishIncidents(instance.context, store);
    expect(stateOf(published, "redis")).toMatchObject({ state: "outage", measured: { state: "operational" } });
    const says = async () => {
      const json = JSON.parse(await answerText(instance.context, "json"));
      const up = (await statusCollector.collect(instance.context))
        .find((f) => f.name === "mastodon_component_up")!
        .samples.find((s) => s.labels!.component === "redis")!.value;
      return {
        json: json.components.find((c: { id: string }) => c.id === "redis").state,
        page: /data-unit="c-redis">.*?<span class="state t-(\w+)">/.exec(
          await answerText(instance.context, "page"),
        )![1],
        feed: /<subtitle>.*Redis: (\w+)\.?.*<\/subtitle>/.exec(await answerText(instance.context, "feed"))?.[1],
        up,
      };
    };
    expect(await says()).toEqual({ json: "outage", page: "outage", feed: "outage", up: 0 });
    // The next round measures Redis as working again, and the open incident still decides.
    const next = await refreshStatus(instance.context);
    expect(stateOf(next, "redis").state).toBe("outage");
    expect(await says()).toEqual({ json: "outage", page: "outage", feed: "outage", up: 0 });

    await addIncidentUpdate(store, opened.id, { status: "resolved", body: "Back." }, STAFF);
    await republishIncidents(instance.context, store);
    expect(await says()).toEqual({ json: "operational", page: "operational", feed: undefined, up: 1 });
  });

  it("exposes mastodon_component_up for /metrics", async () => {
    web.behave({ kind: "failing" });
    const snapshot = await refreshStatus(instance.context);
    web.behave({ kind: "healthy" });
    const families = await statusCollector.collect(instance.context);
    const up = families.find((f) => f.name === "mastodon_component_up")!;
    expect(up.samples).toContainEqual({ labels: { component: "web" }, value: 0 });
    expect(up.samples).toContainEqual({ labels: { component: "database" }, value: 1 });
    // What could not be measured has no sample rather than a false 0 or 1.
    const measured = snapshot.components.filter((c) => c.state !== "unknown").map((c) => c.id);
    expect(up.samples.map((s) => s.labels!.component).sort()).toEqual([...measured].sort());
    expect(families.find((f) => f.name === "mastodon_component_state")!.samples).toHaveLength(8 * 5);
  });

  it("answers /status, /api/status and the feed before Next's routing (the production server)", async () => {
    // Next's request handler stands in as a fallback that marks what reaches it.
    const toNext = async (_: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(404, { "x-fallback": "next" }).end();
    };
    const server = http.createServer(createRequestListener(() => instance.context, toNext));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await fetch(`${base}/status?utm=1`, { headers: { "accept-encoding": "gzip" } });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-encoding")).toBe("gzip");
      expect(page.headers.get("x-howdah-answer")).toBe("fast-path");
      expect(await page.text()).toContain("<h1>Server status</h1>");
      const etag = page.headers.get("etag")!;
      expect((await fetch(`${base}/status`, { headers: { "if-none-match": etag } })).status).toBe(304);
      const head = await fetch(`${base}/status`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe("");
      expect((await (await fetch(`${base}/api/status`)).json()).components).toHaveLength(8);
      const feed = await fetch(`${base}/status/feed.xml`, {
        headers: { host: "forged.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
      });
      expect(feed.headers.get("content-type")).toContain("application/atom+xml");
      // The links come from HOWDAH_URL, never from what the client says its host is.
      const feedText = await feed.text();
      expect(feedText).toContain(`href="${instance.context.config.howdah.publicUrl}/status"`);
      expect(feedText).not.toMatch(/forged\.example|evil\.example/);
      for (const [path, method] of [
        ["/status/", "GET"],
        ["/status", "POST"],
        ["/statusx", "GET"],
        ["/api/status/x", "GET"],
      ] as const) {
        const other = await fetch(`${base}${path}`, { method });
        expect(other.headers.get("x-fallback"), `${method} ${path}`).toBe("next");
        expect(other.headers.get("x-howdah-answer"), `${method} ${path}`).toBeNull();
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("serves the last snapshot, marked with its age, when PostgreSQL and Redis are unreachable", async () => {
    await refreshStatus(instance.context);
    const file = instance.config.howdah.status.snapshotFile;
    const env = testEnv({
      connectionString: "postgresql://postgres@127.0.0.1:1/nowhere",
      redisDb: 0,
      extra: {
        REDIS_URL: "redis://127.0.0.1:1/0",
        HOWDAH_STATUS_SNAPSHOT_FILE: file,
        HOWDAH_PROBE_WEB_URL: web.url,
        HOWDAH_PROBE_STREAMING_URL: streaming.url,
        HOWDAH_PROBE_TIMEOUT_MS: "1000",
      },
    });
    const dead = createServerContext(loadConfig(env));
    try {
      const started = performance.now();
      const page = await answerText(dead, "page");
      expect(performance.now() - started).toBeLessThan(2_500);
      expect(page).toContain("Website and apps");
      expect(page).toMatch(/Updated (just now|\d+ seconds ago)/);
      expect(JSON.parse(await answerText(dead, "json")).components).toHaveLength(8);

      // Ten minutes without a new snapshot: the page says it may be out of date.
      const old = JSON.parse(readFileSync(file, "utf8")) as StatusSnapshot;
      const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
      writeFileSync(
        file,
        JSON.stringify({
          ...old,
          generatedAt: tenMinutesAgo,
          publishedAt: new Date(Date.parse(old.publishedAt) + 1).toISOString(),
        }),
      );
      const reader = createServerContext(loadConfig(env));
      try {
        const stale = await answerText(reader, "page");
        expect(stale).toContain("Updated 10 minutes ago");
        expect(stale).toContain("This status may be out of date.");
      } finally {
        await reader.close();
      }

      // The worker, cut off from everything, still publishes what it sees to the file.
      const cutOff = await refreshStatus(dead);
      expect(stateOf(cutOff, "database").state).toBe("outage");
      expect(stateOf(cutOff, "redis").state).toBe("outage");
      // Unmeasurable, and still named by the minor incident opened above (kept from the file): degraded.
      expect(stateOf(cutOff, "federation")).toMatchObject({ state: "degraded", measured: { state: "unknown" } });
      expect(stateOf(cutOff, "web").state).toBe("operational");
      expect(cutOff.uptime.web).toHaveLength(90);
      const fresh = await answerText(dead, "page");
      expect(fresh).toContain("The database is not answering");
      expect((JSON.parse(readFileSync(file, "utf8")) as StatusSnapshot).publishedAt).toBe(cutOff.publishedAt);
    } finally {
      await dead.close();
    }
  });
});
