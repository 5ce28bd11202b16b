import { expect, test, type Page } from "@playwright/test";
import { E2E_SIDEKIQ } from "../dev/testing/seed-sidekiq";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

// Sidekiq data: dev/testing/seed-sidekiq.ts (seedE2eSidekiq), written by
// dev/testing/prepare-e2e.ts in Sidekiq 8.1's format (Mastodon 4.6).
const { owner, admin } = FIXTURE_USERS;

async function signInAs(page: Page, user: { email: string; password: string }) {
  await signIn(page, user.email, user.password);
  await expectSignedIn(page);
}

test("the owner sees live queue figures, the push backlog alert and what each process runs", async ({ page }) => {
  await signInAs(page, owner);
  await page.getByRole("link", { name: "Queues" }).first().click();
  await expect(page.getByRole("heading", { name: "Queues", level: 1 })).toBeVisible();
  const table = page.getByRole("table", { name: "Sidekiq queues" });
  await expect(table.getByRole("row", { name: /^push/ })).toContainText(E2E_SIDEKIQ.pushJobs.toLocaleString("en"));
  await expect(table.getByRole("row", { name: /^ingress/ })).toContainText(String(E2E_SIDEKIQ.ingressJobs));
  await expect(page.getByRole("region", { name: "Backlog alerts" })).toContainText(
    "Posts sent to other servers are running",
  );
  await expect(page.getByText("sidekiq-default:4242")).toBeVisible();
  await expect(page.getByText("3 of 10 threads busy")).toBeVisible();
  // The owner (view_devops) sees running jobs' args.
  await expect(page.getByText(/Announce/).first()).toBeVisible();
  const ranges = page.getByRole("group", { name: "History range", exact: true });
  for (const range of ["24 h", "7 d", "1 h"]) await ranges.getByRole("radio", { name: range }).click();
  await expect(ranges.getByRole("radio", { name: "1 h" })).toBeChecked();
});

test("the owner retries a job now and deletes a dead job, each behind a confirmation, and both are audited", async ({
  page,
}) => {
  await signInAs(page, owner);
  await page.goto("/queues/jobs?source=retry");
  await expect(page.getByRole("heading", { name: "Retries", level: 1 })).toBeVisible();
  const firstRetry = page.getByRole("list", { name: "Jobs" }).getByRole("listitem").first();
  await firstRetry.getByRole("button", { name: "Retry now" }).click();
  await firstRetry.getByRole("button", { name: "Move it to its queue now?" }).click();
  await expect(page.getByText(/was moved from the retry set to the pull queue/)).toBeVisible();

  await page.goto("/queues/jobs?source=dead");
  const firstDead = page.getByRole("list", { name: "Jobs" }).getByRole("listitem").first();
  await firstDead.getByRole("button", { name: "Delete" }).click();
  // Cancel leaves it alone; the second press deletes.
  await firstDead.getByRole("button", { name: "Cancel" }).click();
  await firstDead.getByRole("button", { name: "Delete" }).click();
  await firstDead.getByRole("button", { name: "Delete this job for good?" }).click();
  await expect(page.getByText(/was deleted from the dead set/)).toBeVisible();

  await page.goto("/audit");
  const entries = page.getByRole("list", { name: "Audit entries" });
  await expect(entries.getByText("Retried a Sidekiq job").first()).toBeVisible();
  await expect(entries.getByText("Deleted a Sidekiq job").first()).toBeVisible();
});

test("a job that is gone, a tampered id, an unknown queue and an offset past the end are refused clearly", async ({
  page,
}) => {
  await signInAs(page, owner);
  const list = await page.request.get("/api/queues/jobs?source=dead&limit=1");
  expect(list.status()).toBe(200);
  const [job] = (await list.json()).jobs as { id: string }[];
  const first = await page.request.post("/api/queues/jobs/action", {
    data: { action: "delete", source: "dead", id: job!.id },
  });
  expect(first.status()).toBe(200);
  const again = await page.request.post("/api/queues/jobs/action", {
    data: { action: "delete", source: "dead", id: job!.id },
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.message).toMatch(/no longer in the dead set.*Nothing was changed/);

  const tampered = await page.request.post("/api/queues/jobs/action", {
    data: { action: "retry", source: "retry", id: '{"class":"X"' },
  });
  expect(tampered.status()).toBe(400);
  expect((await tampered.json()).error.message).toMatch(/a job id is the `id` of a row/);

  const unknown = await page.request.get("/api/queues/jobs?source=queue:no-such-queue");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.message).toBe('Sidekiq has no queue called "no-such-queue".');

  const past = await page.request.get("/api/queues/jobs?source=queue:push&offset=5000000");
  expect(past.status()).toBe(400);
  expect((await past.json()).error.message).toMatch(/past the end of queue push/);
});

test("the owner filters a backlog by class, jumps deep into it and sees where it goes", async ({ page }) => {
  await signInAs(page, owner);
  await page.goto("/queues/jobs?source=queue:push");
  await expect(page.getByText("Servers these deliveries go to")).toBeVisible();
  await expect(page.getByText("slow.example").first()).toBeVisible();
  await page.getByLabel("Go to position").fill("1,190");
  await page.getByRole("button", { name: "Go", exact: true }).click();
  await expect(page.getByText(`Jobs 1,190–1,200 of ${E2E_SIDEKIQ.pushJobs.toLocaleString("en")}.`)).toBeVisible();
  await page.getByLabel("Job class").fill("ActivityPub::DeliveryWorker");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText(/ActivityPub::DeliveryWorker jobs found among positions 1–/)).toBeVisible();
});

test("an admin without view_devops sees the figures but neither the jobs nor their args", async ({ page }) => {
  await signInAs(page, admin);
  await page.getByRole("link", { name: "Queues" }).first().click();
  await expect(page.getByRole("table", { name: "Sidekiq queues" })).toBeVisible();
  await expect(
    page.getByText("Job arguments are shown only to roles with Mastodon's view_devops permission."),
  ).toBeVisible();
  await expect(page.getByText(/Announce/)).toHaveCount(0);
  await page.goto("/queues/jobs?source=queue:ingress");
  await expect(page.getByText("Top job classes")).toBeVisible();
  await expect(page.getByText(/are for roles with Mastodon's view_devops permission/)).toBeVisible();
  const api = await page.request.get("/api/queues/jobs?source=retry");
  expect(api.status()).toBe(403);
  const action = await page.request.post("/api/queues/bulk", { data: { action: "delete_all_dead" } });
  expect(action.status()).toBe(403);
});

test("raising a queue's threshold clears its alert at once, and the default comes back", async ({ page }) => {
  await signInAs(page, owner);
  await page.goto("/queues/alerts");
  await page.getByLabel("push").fill("5 minutes");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText('"5 minutes" is not a threshold')).toBeVisible();
  await page.getByLabel("push").fill("2h");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText("Saved. The new thresholds apply from now on.")).toBeVisible();
  await page.goto("/queues");
  await expect(page.getByRole("table", { name: "Sidekiq queues" })).toBeVisible();
  await expect(page.getByText("Posts sent to other servers are running")).toHaveCount(0);
  await page.goto("/queues/alerts");
  await page.getByLabel("push").fill("");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText("Saved. The new thresholds apply from now on.")).toBeVisible();
  await expect(page.getByLabel("push")).toHaveValue("5m");
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 375, height: 740 } });
  test("the queues and jobs pages fit the screen", async ({ page }) => {
    await signInAs(page, owner);
    for (const path of ["/queues", "/queues/jobs?source=retry", "/queues/alerts"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});
