import { expect, test, type Browser } from "@playwright/test";
import type { ServerContext } from "../lib/server/context";
import { readingsBoundMs } from "../lib/status/readings";
import { roundBoundMs } from "../lib/status/refresh";
import { FAULTS, prepareFaultInstance, type FaultInstance } from "../dev/testing/fault-instance";
import type { FaultMode } from "../dev/testing/fault-proxy";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { httpSignIn } from "../dev/testing/http-sign-in";
import { printFaultFigures, type FaultFigures } from "../dev/testing/fault-figures";
import { missingStoreRows, storeKeys, type StoreKeys } from "../dev/testing/fault-store-rows";

/**
 * Fault injection: Howdah's production server, inline worker included, with
 * PostgreSQL and Redis behind proxies that the suite stops, freezes and
 * partitions (dev/testing/fault-proxy.ts). For each fault it checks that
 * the process answers, that staff pages and APIs say which service is
 * unavailable within a bounded time (no hang, no 500), that /status and
 * /api/status show the outage within one status interval and keep answering,
 * that the log gets a line or two rather than a stack trace per failure, and
 * how long each takes to recover once the service is back; at the end, that
 * no row of Howdah's store was lost. The figures are printed after the run.
 */
type Service = "pg" | "redis";

interface Scenario {
  name: string;
  services: Service[];
  mode: FaultMode;
  /** The server is (re)started while the fault lasts. */
  atStart?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: "Redis down", services: ["redis"], mode: "down" },
  { name: "PostgreSQL down", services: ["pg"], mode: "down" },
  { name: "both down", services: ["pg", "redis"], mode: "down" },
  { name: "Redis hanging", services: ["redis"], mode: "freeze" },
  { name: "PostgreSQL hanging", services: ["pg"], mode: "freeze" },
  { name: "Redis partitioned", services: ["redis"], mode: "partition" },
  { name: "PostgreSQL partitioned", services: ["pg"], mode: "partition" },
  { name: "both down at start", services: ["pg", "redis"], mode: "down", atStart: true },
];

/** The status component each service is shown as. */
const COMPONENT: Record<Service, string> = { pg: "database", redis: "redis" };
const SERVICE_NAME: Record<Service, RegExp> = { pg: /PostgreSQL|store/, redis: /Redis/ };

// A page or API must answer within this whatever the fault: the longest client-side bound
// (a query: statement timeout + 1.5 s grace; a connection: 3 s) plus rendering.
const ANSWER_BOUND_MS = FAULTS.statementTimeoutMs + 1_500 + 3_000;
// The status page shows an outage within one status round: the interval, or the longest a round may take
// when it is longer (the suite's 5 s interval is shorter than a round whose store hangs), plus the readings'
// own bound, plus a second. With the default 30 s interval this is the interval plus the readings.
const statusConfig = { config: { howdah: { status: { probeTimeoutMs: FAULTS.probeTimeoutMs } } } } as ServerContext;
const STATUS_BOUND_MS =
  Math.max(FAULTS.statusIntervalMs, roundBoundMs(statusConfig)) + readingsBoundMs(statusConfig) + 1_000;
const RECOVERY_BOUND_MS = 10_000;
// Each outage may log that it began and ended, per thing that noticed it; never a line per failed command.
const LOG_LINES_BOUND = 12;

const { owner } = FIXTURE_USERS;
let howdah: FaultInstance;
let cookie = "";
let keysBefore: StoreKeys;
let incidentId: string;
const figures: FaultFigures[] = [];
const notes: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(240_000);
  howdah = await prepareFaultInstance();
  await howdah.start();
  cookie = await httpSignIn(howdah.url, owner.email, owner.password);
  // Something staff wrote, to find again after every fault.
  const created = await call("/api/incidents", {
    method: "POST",
    body: JSON.stringify({ kind: "incident", title: "Fault suite marker", body: "Written before the faults." }),
  });
  expect(created.status).toBe(200);
  incidentId = String((created.json as { id: string | number }).id);
  keysBefore = await storeKeys(howdah.direct);
});

test.afterAll(async () => {
  printFaultFigures(figures, notes);
  await howdah?.close();
});

interface Answer {
  status: number;
  ms: number;
  text: string;
  json: unknown;
}

/** One request, signed in, bounded: a hang shows as status 0 after 30 s rather than stalling the suite. */
async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${howdah.url}${path}`, {
      ...init,
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
      headers: { cookie, origin: howdah.url, "content-type": "application/json", ...init.headers },
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: response.status, ms: performance.now() - started, text, json };
  } catch {
    return { status: 0, ms: performance.now() - started, text: "", json: null };
  }
}

const errorMessage = (a: Answer) => (a.json as { error?: { message?: string } } | null)?.error?.message ?? "";

interface PublicStatus {
  components: { id: string; state: string }[];
  stale?: boolean;
  age_seconds?: number;
}

async function componentStates(): Promise<Record<string, string>> {
  const answer = await call("/api/status");
  const body = answer.json as PublicStatus | null;
  return Object.fromEntries((body?.components ?? []).map((c) => [c.id, c.state]));
}

/** Polls `check` every 250 ms; the milliseconds it took to hold, or null after `limitMs`. */
async function within(limitMs: number, check: () => Promise<boolean>): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await check()) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}

const pagesAnswer = async () =>
  (await call("/api/queues")).status === 200 && (await call("/api/overview")).status === 200;

async function statusShows(services: Service[], state: string): Promise<boolean> {
  const states = await componentStates();
  return services.every((s) => states[COMPONENT[s]] === state);
}

async function waitForHealthy() {
  expect(await within(60_000, pagesAnswer), "staff APIs answer before the fault").not.toBeNull();
  expect(
    await within(60_000, () => statusShows(["pg", "redis"], "operational")),
    "the status page shows the database and Redis operational before the fault",
  ).not.toBeNull();
}

/** What a signed-in staff member sees on the Queues page, in a browser. */
async function queuesPageSays(browser: Browser): Promise<{ ms: number; text: string }> {
  const context = await browser.newContext({ baseURL: howdah.url });
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const eq = pair.indexOf("=");
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: howdah.url };
    }),
  );
  const page = await context.newPage();
  const started = performance.now();
  try {
    await page.goto("/queues", { timeout: 30_000 });
    const alert = page.getByRole("alert").filter({ hasText: /unavailable|cannot reach|no answer/i });
    await alert.first().waitFor({ timeout: 20_000 });
    return { ms: performance.now() - started, text: (await alert.first().innerText()).replace(/\s+/g, " ") };
  } catch (error) {
    return { ms: performance.now() - started, text: `(no outage notice: ${(error as Error).message.split("\n")[0]})` };
  } finally {
    await context.close();
  }
}

// One test, a step per fault, soft checks: a failing fault still lets the others run and be measured.
test("PostgreSQL and Redis down, hanging, partitioned and down at start", async ({ browser }) => {
  test.setTimeout(12 * 60_000);
  for (const scenario of SCENARIOS) await test.step(scenario.name, () => runScenario(scenario, browser));
  await test.step("nothing in Howdah's store was lost", checkStore);
});

async function runScenario(scenario: Scenario, browser: Browser) {
  await waitForHealthy();
  const soft = expect.soft;
  const row: FaultFigures = { scenario: scenario.name };
  figures.push(row);
  const logMark = howdah.log.length;
  const faultAt = performance.now();

  if (scenario.atStart) {
    await howdah.stop();
    await howdah.fault(scenario.services, scenario.mode);
    row.startMs = await howdah.start(30_000).catch(() => null);
    soft(row.startMs, "the server starts and listens while the services are down").not.toBeNull();
    if (row.startMs === null) return;
  } else {
    await howdah.fault(scenario.services, scenario.mode);
  }

  // The process answers, at once: the status answers come from memory.
  const status = await call("/status");
  const apiStatus = await call("/api/status");
  row.statusPageMs = Math.max(status.ms, apiStatus.ms);
  soft(status.status, "/status answers").toBe(200);
  soft(apiStatus.status, "/api/status answers").toBe(200);
  soft(row.statusPageMs, "/status and /api/status answer at once").toBeLessThan(2_000);

  // Staff APIs: a 503 naming the service, in bounded time.
  const queues = await call("/api/queues");
  const overview = await call("/api/overview");
  row.apiMs = Math.max(queues.ms, overview.ms);
  row.apiSays = `${queues.status} ${errorMessage(queues)}`;
  soft(queues.status, "/api/queues refuses with 503 while a service it needs is down").toBe(503);
  soft(errorMessage(queues)).toMatch(/ is unavailable: /);
  // The overview reads PostgreSQL first (the staff check), and shows a Redis outage per figure.
  const pgOut = scenario.services.includes("pg");
  soft(overview.status, "/api/overview: 503 without PostgreSQL, its figures without Redis").toBe(pgOut ? 503 : 200);
  soft(
    scenario.services.some((s) => SERVICE_NAME[s].test(errorMessage(queues))),
    `/api/queues names the failing service (${errorMessage(queues)})`,
  ).toBe(true);
  soft(row.apiMs, "staff APIs answer in bounded time").toBeLessThan(ANSWER_BOUND_MS);

  // A write while PostgreSQL is out is refused, not accepted and dropped.
  if (scenario.services.includes("pg")) {
    const write = await call("/api/incidents", {
      method: "POST",
      body: JSON.stringify({ kind: "incident", title: "Written during the fault", body: "Must be refused." }),
    });
    soft(write.status, "a write during a PostgreSQL outage is refused with 503").toBe(503);
  }

  // The Queues page in a browser: an outage notice, not a hang and not old figures shown as live.
  const page = await queuesPageSays(browser);
  row.pageMs = page.ms;
  row.pageSays = page.text;
  soft(page.text, "the Queues page says a service is unavailable").toMatch(/unavailable|cannot reach/i);
  soft(page.ms, "the Queues page shows it in bounded time").toBeLessThan(ANSWER_BOUND_MS + 2_000);

  // /status and /api/status show the outage within one status interval of its start.
  const seen = await within(STATUS_BOUND_MS + 3_000, () => statusShows(scenario.services, "outage"));
  row.statusSeenS = seen === null ? null : (performance.now() - faultAt) / 1000;
  soft(row.statusSeenS, "the status page shows the outage").not.toBeNull();
  soft((row.statusSeenS ?? Infinity) * 1000, "within one status interval").toBeLessThan(STATUS_BOUND_MS);
  const publicPage = await call("/status");
  soft(publicPage.text, "/status says Outage for the component").toMatch(/Outage/);

  // Let the outage last two intervals at least, so repeated failures would show in the log.
  const elapsed = performance.now() - faultAt;
  if (elapsed < 2 * FAULTS.statusIntervalMs) {
    await new Promise((r) => setTimeout(r, 2 * FAULTS.statusIntervalMs - elapsed));
  }
  row.outageS = (performance.now() - faultAt) / 1000;

  // Back: measure how long the pages and the status page take to see it.
  const backAt = performance.now();
  await howdah.fault(scenario.services, "pass");
  const pagesBack = await within(30_000, pagesAnswer);
  row.pagesBackS = pagesBack === null ? null : pagesBack / 1000;
  const statusBack = await within(30_000, () => statusShows(scenario.services, "operational"));
  row.statusBackS = statusBack === null ? null : (performance.now() - backAt) / 1000;
  soft(row.pagesBackS, "staff pages answer again").not.toBeNull();
  soft((row.pagesBackS ?? Infinity) * 1000, "soon after the service is back").toBeLessThan(RECOVERY_BOUND_MS);
  soft(row.statusBackS, "the status page shows the service operational again").not.toBeNull();
  soft((row.statusBackS ?? Infinity) * 1000, "within one status interval").toBeLessThan(STATUS_BOUND_MS);

  // Give the last log lines (recoveries) a moment, then count what the outage wrote.
  await new Promise((r) => setTimeout(r, 1_000));
  const lines = howdah.log.slice(logMark).map((l) => l.text);
  row.logLines = lines.length;
  row.stackLines = lines.filter((l) => /^\s+at\s/.test(l)).length;
  soft(row.stackLines, `no stack traces in the log:\n${lines.slice(0, 40).join("\n")}`).toBe(0);
  soft(row.logLines, `a few lines per outage, not one per failure:\n${lines.slice(0, 40).join("\n")}`).toBeLessThan(
    LOG_LINES_BOUND,
  );
}

async function checkStore() {
  const missing = await missingStoreRows(howdah.direct, keysBefore);
  expect.soft(missing, "rows present before the faults and gone after").toEqual([]);
  const marker = await howdah.direct.query("SELECT title FROM howdah.incidents WHERE id = $1", [incidentId]);
  expect.soft(marker.rows[0]?.title).toBe("Fault suite marker");
  const refused = await howdah.direct.query("SELECT count(*)::int AS n FROM howdah.incidents WHERE title = $1", [
    "Written during the fault",
  ]);
  expect.soft(refused.rows[0].n).toBe(0);
  const outages = await howdah.direct.query<{ component: string; n: number }>(
    `SELECT component, count(*)::int AS n FROM howdah.status_samples
      WHERE state = 'outage' AND component IN ('database', 'redis') GROUP BY component ORDER BY component`,
  );
  const recorded = Object.fromEntries(outages.rows.map((r) => [r.component, r.n]));
  const compared = Object.values(keysBefore).reduce((n, k) => n + k.size, 0);
  notes.push(
    `Outage samples in the uptime history: database ${recorded.database ?? 0}, Redis ${recorded.redis ?? 0}.`,
    `Store rows compared before and after: ${compared}, lost: ${missing.length}.`,
  );
  expect.soft(recorded.database ?? 0, "database outages recorded in the uptime history").toBeGreaterThan(0);
  expect.soft(recorded.redis ?? 0, "Redis outages recorded in the uptime history").toBeGreaterThan(0);
}
