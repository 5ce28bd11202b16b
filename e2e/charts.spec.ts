import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { testPool } from "../dev/testing/test-pool";
import type { Store } from "../lib/store/connection";
import { deleteQueueSamplesBefore, insertQueueSample } from "../lib/store/queue-samples";
import { expectSignedIn, signIn } from "./helpers";

// One chart style (issue 11, point 3): a sample alone between gaps is drawn,
// and the tooltip gives its exact value with its unit.
const { owner } = FIXTURE_USERS;
const LATENCY = 27 * 60 + 3.4; // "27 min 3 s", where the old axis read "27m"
const WAITING = 1_934;

test.beforeAll(async () => {
  // One worker sample twelve hours ago, far from any other: on the 24-hour chart it has no neighbour.
  const pool = testPool(E2E.connectionString);
  const store = { pool } as unknown as Store;
  // Only the live samples of this server's run, and this one (a rerun must not leave a neighbour).
  await deleteQueueSamplesBefore(store, 10, new Date(Date.now() - 3_600_000));
  await insertQueueSample(
    store,
    {
      takenAt: new Date(Date.now() - 12 * 3_600_000),
      enqueued: WAITING,
      scheduled: 0,
      retries: 4,
      dead: 1,
      processes: 1,
      busy: 2,
      concurrency: 10,
      processedTotal: 10,
      failedTotal: 1,
      queues: [{ name: "ingress", size: WAITING, latency: LATENCY }],
    },
    35,
  );
  await pool.end();
});

/** The leftmost lone dot of a chart: the sample of twelve hours ago (the live samples are at the right end). */
async function hoverOldestLonePoint(page: Page, figure: Locator) {
  const boxes = await figure
    .locator("[data-lone-point]")
    .evaluateAll((dots) =>
      dots.map((d) => d.getBoundingClientRect()).map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 })),
    );
  const oldest = boxes.sort((a, b) => a.x - b.x)[0]!;
  await page.mouse.move(oldest.x, oldest.y);
}

async function openQueueHistory(page: Page) {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  await page.goto("/queues");
  await page.getByRole("group", { name: "History range", exact: true }).getByRole("radio", { name: "24 h" }).check();
  const figure = page.locator("figure", { hasText: "Latency (oldest job's wait), per queue" });
  await expect(figure.locator("[data-lone-point]").first()).toBeVisible();
  return figure;
}

test("a lone sample is drawn, and its tooltip gives the exact value with its unit", async ({ page }) => {
  const latency = await openQueueHistory(page);
  await hoverOldestLonePoint(page, latency);
  const tooltip = latency.locator(".recharts-tooltip-wrapper");
  await expect(tooltip).toContainText("ingress: 27 min 3 s");
  // The axis names its unit and counts in whole minutes.
  const ticks = await latency.locator(".recharts-cartesian-axis-tick-value").allTextContents();
  expect(ticks).toEqual(expect.arrayContaining(["0", "10 min", "20 min", "30 min"]));
  expect(ticks.filter((t) => /^\d+m$/.test(t))).toEqual([]);

  const waiting = page.locator("figure", { hasText: "Jobs waiting, per queue" });
  await expect(waiting.locator("[data-lone-point]").first()).toBeVisible();
  await hoverOldestLonePoint(page, waiting);
  await expect(waiting.locator(".recharts-tooltip-wrapper")).toContainText("ingress: 1,934 jobs");
});

test("failures are red and successes green on the processed and failed chart", async ({ page }) => {
  await openQueueHistory(page);
  const rates = page.locator("figure", { hasText: "Jobs processed and failed per minute" });
  await expect(rates.locator(".recharts-legend-item", { hasText: "failed" }).locator("path").first()).toHaveAttribute(
    "stroke",
    "var(--color-bad)",
  );
  await expect(
    rates.locator(".recharts-legend-item", { hasText: "processed" }).locator("path").first(),
  ).toHaveAttribute("stroke", "var(--color-ok)");
});
