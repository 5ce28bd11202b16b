import { expect, test, type Page } from "@playwright/test";
import type { Redis } from "ioredis";
import { e2eSidekiqRedis, e2eSidekiqWriter } from "../dev/testing/e2e-sidekiq";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

// What Sidekiq's Web UI does, in Howdah: search in jobs, pick many and act, the refusal of an action on a job
// that has moved (with the list refreshed and its count agreeing), "enqueue now" for scheduled jobs, no "now" for
// a due retry, quiet a process, Sidekiq's daily history and per-class metrics. Each test adds its own jobs
// (marked by a host of its own) to the e2e instance's Sidekiq 8.1 Redis and removes them after.
const { owner } = FIXTURE_USERS;
let redis: Redis;

test.beforeAll(() => {
  redis = e2eSidekiqRedis();
});
test.afterAll(async () => {
  await redis.quit();
});

async function signInAs(page: Page) {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
}

/** Removes every member of a set whose stored string contains `marker`. */
async function removeMarked(set: string, marker: string) {
  const members = await redis.zrange(set, "0", "-1");
  const marked = members.filter((m) => m.includes(marker));
  if (marked.length) await redis.zrem(set, ...marked);
}

async function addRetries(marker: string, count: number, retryAt: (i: number) => number) {
  await e2eSidekiqWriter(redis).addRetries(
    Array.from({ length: count }, (_, i) => ({
      job: {
        class: "ActivityPub::DeliveryWorker",
        args: ['{"type":"Create"}', 5, `https://${marker}/inbox/${i}`],
      },
      failure: { errorClass: "HTTP::ConnectionError", errorMessage: "refused", failedAt: Date.now() - 60_000 },
      retryAt: retryAt(i),
    })),
  );
}

/**
 * Serves the Queues figures (what the list tabs count) as first read, whatever Sidekiq does later: the open list's
 * own count must come from its own reading, not from these.
 */
async function staleFigures(page: Page) {
  let first: string | null = null;
  await page.route(/\/api\/queues(\?|$)/, async (route) => {
    if (first !== null) return route.fulfill({ status: 200, contentType: "application/json", body: first });
    const response = await route.fetch();
    first = await response.text();
    return route.fulfill({ response, body: first });
  });
}

/**
 * Serves the job list as it was when frozen, as a page loaded before Sidekiq moved a job would still show it;
 * `thaw` lets the list read Redis again.
 */
async function freezableJobList(page: Page) {
  let last: string | null = null;
  let frozen = false;
  await page.route(/\/api\/queues\/jobs\?/, async (route) => {
    if (frozen && last !== null) return route.fulfill({ status: 200, contentType: "application/json", body: last });
    const response = await route.fetch();
    last = await response.text();
    return route.fulfill({ response, body: last });
  });
  return {
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
    },
  };
}

test("search in args, pick several and kill them; a picked job Sidekiq moved meanwhile is reported", async ({
  page,
}) => {
  const marker = "uxjobs-pick.example";
  await addRetries(marker, 3, (i) => Date.now() + 3_600_000 + i * 60_000);
  try {
    await signInAs(page);
    const list = await freezableJobList(page);
    await staleFigures(page);
    await page.goto("/queues/jobs?source=retry");
    await page.getByLabel("Search in jobs (arguments, jid, error)").fill(marker);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.getByText(new RegExp(`^3 jobs contain “${marker}” among [\\d,]+ jobs\\.$`))).toBeVisible();
    const jobs = page.getByRole("list", { name: "Jobs" }).getByRole("listitem");
    await expect(jobs).toHaveCount(3);
    await expect(page).toHaveURL(new RegExp(`q=${marker}`));

    await page.getByLabel("Pick all on this page").check();
    await expect(page.getByText("3 picked")).toBeVisible();
    // Sidekiq retries the first one while the page still shows it.
    list.freeze();
    const [first] = (await redis.zrange("retry", "0", "-1")).filter((m) => m.includes(`${marker}/inbox/0`));
    await redis.zrem("retry", first!);
    await page.getByRole("button", { name: "Kill (3)" }).click();
    list.thaw();
    await page.getByRole("button", { name: "Move 3 jobs to the dead set?" }).click();
    await expect(
      page.getByText(
        "2 jobs were moved to the dead set. 1 job was no longer in the retry set (Sidekiq had already run, " +
          "retried or moved them) and left alone.",
      ),
    ).toBeVisible();
    // The list refreshes: nothing left to act on, and the open list's count agrees with the page's.
    await expect(jobs).toHaveCount(0);
    const total = (await redis.zcard("retry")).toLocaleString("en");
    await expect(page.getByText(`No job contains “${marker}” among the ${total} jobs.`)).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Queues and sets" });
    await expect(nav.getByRole("button", { name: /^Retries/ })).toHaveText(`Retries${total}`);
    expect((await redis.zrange("dead", "0", "-1")).filter((m) => m.includes(marker))).toHaveLength(2);
  } finally {
    await removeMarked("retry", marker);
    await removeMarked("dead", marker);
  }
});

test("an action on a job that has moved is refused with a clear message, and the job leaves the list", async ({
  page,
}) => {
  const marker = "uxjobs-stale.example";
  await addRetries(marker, 1, () => Date.now() + 3_600_000);
  try {
    await signInAs(page);
    const list = await freezableJobList(page);
    await page.goto(`/queues/jobs?source=retry&q=${marker}`);
    const card = page.getByRole("list", { name: "Jobs" }).getByRole("listitem");
    await expect(card).toHaveCount(1);
    list.freeze();
    await removeMarked("retry", marker); // Sidekiq ran it
    await card.getByRole("button", { name: "Retry now" }).click();
    list.thaw();
    await card.getByRole("button", { name: "Move it to its queue now?" }).click();
    await expect(
      page.getByText(/is no longer in the retry set: Sidekiq has probably run, retried or moved it/),
    ).toBeVisible();
    await expect(card).toHaveCount(0);
  } finally {
    await removeMarked("retry", marker);
  }
});

test("scheduled jobs offer enqueue now, a due retry offers no retry now, and the list refreshes by itself", async ({
  page,
}) => {
  const marker = "uxjobs-due.example";
  await addRetries(marker, 1, () => Date.now() - 5_000);
  try {
    await signInAs(page);
    await page.goto(`/queues/jobs?source=retry&q=${marker}`);
    const card = page.getByRole("list", { name: "Jobs" }).getByRole("listitem");
    await expect(card).toContainText("due: Sidekiq is moving it to its queue");
    await expect(card.getByRole("button", { name: "Retry now" })).toHaveCount(0);
    await expect(card.getByRole("button", { name: "Kill" })).toBeVisible();
    // Sidekiq's poller moves it: the open list follows within its 5-second refresh, without a click.
    await removeMarked("retry", marker);
    await expect(card).toHaveCount(0, { timeout: 10_000 });

    await page.goto("/queues/jobs?source=schedule");
    const scheduled = page.getByRole("list", { name: "Jobs" }).getByRole("listitem").first();
    await expect(scheduled.getByRole("button", { name: "Enqueue now" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Retry now" })).toHaveCount(0);
    const before = await redis.llen("queue:pull");
    await scheduled.getByRole("button", { name: "Enqueue now" }).click();
    await scheduled.getByRole("button", { name: "Add it to its queue now?" }).click();
    await expect(page.getByText(/was moved from the scheduled set to the pull queue/)).toBeVisible();
    expect(await redis.llen("queue:pull")).toBe(before + 1);
  } finally {
    await removeMarked("retry", marker);
  }
});

test("the owner quiets a process through its signal list; Sidekiq's daily history and metrics show", async ({
  page,
}) => {
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  const since = day(800);
  await redis.set(`stat:processed:${since}`, "4321");
  await redis.set(`stat:failed:${since}`, "12");
  await e2eSidekiqWriter(redis).recordMetrics(
    Date.now(),
    new Map([["UxjobsMetricWorker", { processed: 40, failed: 4, ms: 7_200 }]]),
  );
  const [identity] = (await redis.smembers("processes")).filter((id) => id.startsWith("sidekiq-pull:4343:"));
  try {
    await signInAs(page);
    await page.goto("/queues");
    const process = page.getByRole("listitem").filter({ hasText: "sidekiq-pull:4343" });
    await process.getByRole("button", { name: "Quiet" }).click();
    await process.getByRole("button", { name: "Stop it taking new jobs?" }).click();
    await expect(process.getByText(/will stop taking new jobs at its next heartbeat/)).toBeVisible();
    expect(await redis.lrange(`${identity}-signals`, 0, -1)).toEqual(["TSTP"]);
    expect(await redis.ttl(`${identity}-signals`)).toBeGreaterThan(0);

    await page.getByRole("group", { name: "Daily history range" }).getByRole("radio", { name: "5 y" }).check();
    await expect(page.getByTestId("daily-since")).toContainText(/^Since .*: [\d,]+ processed/);
    await expect(page.getByTestId("daily-since").locator("time")).toHaveAttribute("datetime", since);

    const metrics = page.getByRole("table", { name: /Jobs run per class/ });
    await expect(metrics.getByRole("row", { name: /UxjobsMetricWorker/ })).toContainText("40");
    await expect(metrics.getByRole("row", { name: /UxjobsMetricWorker/ })).toContainText("0.2 s");
  } finally {
    await redis.del(`${identity}-signals`, `stat:processed:${since}`, `stat:failed:${since}`);
  }
});
