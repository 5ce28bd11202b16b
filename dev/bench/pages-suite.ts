import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { alertingOverview } from "@/lib/alerts/alerting-actions";
import { listDomainAllows } from "@/lib/federation/allows";
import { listBlocksInput, listDomainBlocks } from "@/lib/federation/blocks";
import { readFederationSummary } from "@/lib/federation/subscriptions/sources";
import { getOverview } from "@/lib/overview/get-overview";
import { getRelayLoad } from "@/lib/relays/live-load";
import { listRelays } from "@/lib/relays/list";
import { getRelayTraffic } from "@/lib/relays/traffic";
import { getTriageFigures } from "@/lib/reports/figures";
import { getReportQueue } from "@/lib/reports/queue";
import { queueInput } from "@/lib/reports/queue-input";
import { readRetentionSettings } from "@/lib/retention/settings";
import type { ServerContext } from "@/lib/server/context";
import { readTopDomains } from "@/lib/storage/domains";
import { getDomainStorage } from "@/lib/storage/domains";
import { getStoragePage } from "@/lib/storage/page-data";
import { getSystemInfo } from "@/lib/system/get-system-info";
import { httpSignIn } from "@/dev/testing/http-sign-in";
import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { BENCH_OWNER } from "./bench-staff";
import { figure, medianOfRuns, percentile, timeMany, type Figure } from "./figures";
import { bundledServer } from "./memory-bench";
import { catchUpRollups } from "./settle";
import { waitFor } from "./status-suite";
import type { BenchSuite } from "./suites";

/**
 * What each admin page's API costs the person who has the page open: the
 * route over HTTP from `npm start`'s server with a signed-in owner's session,
 * beside the server time of the function the route calls (in this process,
 * on the same instance). Each is three runs of REQUESTS calls; the figure is
 * the median run's p95, the note every run with the machine's load. The
 * target is the issue's: ≤ 10 ms p95 server time on the large instance. The
 * queue summary (/api/queues) and the what-if have suites of their own.
 */
const REQUESTS = 100;
const RUNS = 3;
const TARGET_MS = 10;

export interface PageApi {
  name: string;
  /** The route and query the page asks for. */
  path: string;
  /** What the route handler calls, as the signed-in owner. */
  call: () => Promise<unknown>;
}

export function pageApis(context: ServerContext, domain: string): PageApi[] {
  const d = encodeURIComponent(domain);
  return [
    { name: "overview", path: "/api/overview", call: () => getOverview(context, BENCH_OWNER) },
    { name: "storage 30d", path: "/api/storage?range=30d", call: () => getStoragePage(context, BENCH_OWNER, "30d") },
    { name: "storage 1y", path: "/api/storage?range=1y", call: () => getStoragePage(context, BENCH_OWNER, "1y") },
    {
      name: "storage domain",
      path: `/api/storage/domains?domain=${d}&range=30d`,
      call: () => getDomainStorage(context, domain, "30d"),
    },
    { name: "relays list", path: "/api/relays", call: () => listRelays(context) },
    { name: "relays load", path: "/api/relays/load", call: () => getRelayLoad(context) },
    { name: "relays traffic 48h", path: "/api/relays/traffic?range=48h", call: () => getRelayTraffic(context, "48h") },
    { name: "relays traffic 14d", path: "/api/relays/traffic?range=14d", call: () => getRelayTraffic(context, "14d") },
    { name: "relays traffic 90d", path: "/api/relays/traffic?range=90d", call: () => getRelayTraffic(context, "90d") },
    {
      name: "federation blocks",
      path: "/api/federation/blocks",
      call: () => listDomainBlocks(context, listBlocksInput.parse({})),
    },
    { name: "federation allows", path: "/api/federation/allows", call: () => listDomainAllows(context) },
    {
      name: "federation summary",
      path: "/api/federation/subscriptions/summary",
      call: () => readFederationSummary(context),
    },
    {
      name: "reports queue",
      path: "/api/reports",
      call: () => getReportQueue(context, BENCH_OWNER, queueInput.parse({})),
    },
    { name: "reports figures", path: "/api/reports/figures", call: () => getTriageFigures(context) },
    { name: "retention settings", path: "/api/retention/settings", call: () => readRetentionSettings(context) },
    { name: "alerts", path: "/api/alerts", call: () => alertingOverview(context) },
    { name: "system", path: "/api/system", call: () => getSystemInfo(context) },
  ];
}

/** The remote server holding the most stored media, from the rollups' ranking. */
export async function busiestDomain(context: ServerContext): Promise<string> {
  const [top] = await readTopDomains(await context.store(), new Date().toISOString().slice(0, 10), 1);
  return top?.domain ?? "mastodon.example";
}

async function p95Runs(run: () => Promise<unknown>): Promise<{ values: number[]; loads: number[] }> {
  await timeMany(5, run);
  const values: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    values.push(percentile(await timeMany(REQUESTS, run), 95));
    loads.push(loadavg()[0]!);
  }
  return { values, loads };
}

export const pagesSuite: BenchSuite = {
  name: "pages",
  async run({ context, env, log, webPort = 3201 }) {
    log("pages: bringing the worker's rollups up to date first…");
    await catchUpRollups(context, log, env.DATABASE_URL);
    const root = path.resolve(import.meta.dirname, "../..");
    const base = `http://127.0.0.1:${webPort}`;
    const web = spawn(process.execPath, [bundledServer(), "-p", String(webPort), "-H", "127.0.0.1"], {
      cwd: root,
      env: { ...process.env, ...env, HOWDAH_WORKER_MODE: "separate" },
      stdio: "ignore",
    });
    const figures: Figure[] = [];
    try {
      await waitFor(`${base}/sign-in`);
      const cookie = await httpSignIn(base, FIXTURE_USERS.owner.email, FIXTURE_USERS.owner.password);
      for (const page of pageApis(context, await busiestDomain(context))) {
        const probe = await fetch(base + page.path, { headers: { cookie } });
        await probe.arrayBuffer();
        if (!probe.ok) throw new Error(`${page.path} answered ${probe.status}`);
        const server = await p95Runs(page.call);
        const http = await p95Runs(async () => {
          const response = await fetch(base + page.path, { headers: { cookie } });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`${page.path} answered ${response.status}`);
        });
        const s = medianOfRuns(server.values, server.loads, "ms");
        const h = medianOfRuns(http.values, http.loads, "ms");
        log(`  ${page.name}: server p95 ${s.median.toFixed(2)} ms, HTTP p95 ${h.median.toFixed(2)} ms`);
        figures.push(
          { ...figure(`${page.name}: server time p95`, s.median, "ms", { max: TARGET_MS }), note: s.note },
          { ...figure(`${page.name}: over HTTP p95`, h.median, "ms", null), note: h.note },
        );
      }
    } finally {
      web.kill("SIGTERM");
      await sleep(500);
    }
    return figures;
  },
};
