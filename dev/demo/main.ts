import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import { writeLoginActivityFromUsers } from "@/dev/fixtures/mastodon-redis/login-activity";
import { generateTotp } from "@/lib/auth/totp";
import { FIXTURE_AR_KEYS, generateInstance } from "@/dev/fixtures/generator";
import { createMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { sidekiqFormatForMastodon, startSidekiqSimulator } from "@/dev/fixtures/sidekiq";
import { startHealthServer } from "@/dev/testing/status-test-servers";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { testEnv } from "@/dev/testing/test-env";
import { buildIfStale } from "./build-if-stale";
import { seedDemoSidekiq } from "./seed-sidekiq";
import { addTriageReports } from "@/dev/fixtures/triage-reports";

/**
 * `npm run demo`: a realistic Mastodon 4.6 instance in its own database and
 * Redis DB, a simulated Sidekiq workload so live figures move, and Howdah's
 * web server and worker on it. Running it again starts from scratch.
 */
const DEMO = { database: "howdah_demo", redisDb: 3, port: Number(process.env.PORT ?? 3000), version: "4.6" as const };
const ROOT = path.resolve(import.meta.dirname, "../..");
const log = (line: string) => console.log(`demo: ${line}`);

async function main() {
  log(`building a Mastodon ${DEMO.version} instance in database ${DEMO.database}…`);
  const connectionString = await createMastodonDatabase({ database: DEMO.database, version: DEMO.version });
  const generated = await generateInstance(connectionString, { version: DEMO.version, scale: "demo", seed: 2026 });
  const c = generated.counts;
  log(
    `generated ${c.accounts} accounts, ${c.statuses} statuses, ` +
      `${c.media_attachments} media attachments, ${c.reports} reports`,
  );

  const redis = new Redis({ host: "127.0.0.1", port: 6379, db: DEMO.redisDb });
  await redis.flushdb();
  const format = sidekiqFormatForMastodon(DEMO.version);
  const db = new pg.Pool({ connectionString, max: 2 });
  await seedDemoSidekiq(redis, db, format);
  await writeLoginActivityFromUsers(redis, db);
  await addTriageReports(db);
  await db.end();
  const simulator = startSidekiqSimulator(redis, {
    format,
    processes: 2,
    concurrency: 10,
    enqueueRatePerSecond: 25,
    hostname: "mastodon-sidekiq",
    seed: 7,
  });
  await simulator.ready;
  log("Sidekiq simulator running (2 processes, 10 threads each)");

  // The demo has no Mastodon web or streaming process: stand-ins answer their
  // health checks, so the status page shows what a healthy instance shows.
  const health = await Promise.all([startHealthServer("/health"), startHealthServer("/api/v1/streaming/health")]);

  buildIfStale(log);
  // The web server as `npm start` runs it (lib/server/main.ts), and the worker: both bundled for plain node.
  for (const script of ["build-server.sh", "build-worker.sh"]) {
    execFileSync("sh", [path.join(ROOT, "dev/setup", script)], { cwd: ROOT, stdio: "inherit" });
  }
  const env = {
    ...testEnv({ connectionString, redisDb: DEMO.redisDb, arKeys: FIXTURE_AR_KEYS, redisPrefix: "howdah" }),
    HOWDAH_URL: `http://localhost:${DEMO.port}`,
    HOWDAH_METRICS_TOKEN: "demo-metrics-token-0123456789",
    HOWDAH_PROBE_WEB_URL: health[0].url,
    HOWDAH_PROBE_STREAMING_URL: health[1].url,
  };
  const children: ChildProcess[] = [
    spawn(process.execPath, [path.join(ROOT, ".howdah/server.mjs"), "-p", String(DEMO.port)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: "inherit",
    }),
    spawn(process.execPath, [path.join(ROOT, ".howdah/worker.mjs")], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: "inherit",
    }),
  ];

  const { owner, admin, moderator, totp } = FIXTURE_USERS;
  const totpNow = generateTotp(totp.otpSecret!, Date.now());
  console.log(`
Howdah demo is running: http://localhost:${DEMO.port}

Sign in with a Mastodon account of the demo instance (${generated.localDomain}):
  owner      ${owner.email} / ${owner.password}     (everything, including System)
  admin      ${admin.email} / ${admin.password}
  moderator  ${moderator.email} / ${moderator.password}
  2FA user   ${totp.email} / ${totp.password}  (TOTP secret ${totp.otpSecret}; code now: ${totpNow})

Status page (public): http://localhost:${DEMO.port}/status
Metrics: curl -H 'Authorization: Bearer ${env.HOWDAH_METRICS_TOKEN}' http://localhost:${DEMO.port}/metrics
Press Ctrl-C to stop. Running npm run demo again resets everything.
`);

  const stop = async () => {
    log("stopping…");
    for (const child of children) child.kill("SIGTERM");
    await simulator.stop().catch(() => undefined);
    await Promise.all(health.map((h) => h.close()));
    redis.disconnect();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  for (const child of children)
    child.on("exit", (code) => code && code !== 0 && log(`a Howdah process exited with code ${code}`));
}

main().catch((error) => {
  console.error("demo failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
