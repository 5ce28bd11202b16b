import { expect, test, type Page } from "@playwright/test";
import { E2E_METRICS_TOKEN } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

// The worker runs inside the web server in the browser tests, and its
// storage jobs run once at start: on the small instance the first count
// takes a second or two, and the page polls while it runs.
const { owner, moderator } = FIXTURE_USERS;

async function openStorage(page: Page, user: { email: string; password: string }) {
  await signIn(page, user.email, user.password);
  await expectSignedIn(page);
  await page.getByRole("link", { name: "Storage" }).first().click();
  await expect(page.getByRole("heading", { name: "Storage", level: 1 })).toBeVisible();
  await expect(page.getByText("Counting the media already stored")).toHaveCount(0, { timeout: 30_000 });
}

test("the owner sees where the bytes are, how they grow, and opens a remote server", async ({ page }) => {
  await openStorage(page, owner);
  const kinds = page.getByRole("table", { name: "Stored bytes by kind" });
  for (const kind of [
    "Media attachments",
    "Custom emoji",
    "Avatars",
    "Headers",
    "Link preview images",
    "User archives",
    "Site uploads",
  ]) {
    await expect(kinds.getByRole("rowheader", { name: new RegExp(kind) })).toBeVisible();
  }
  await expect(page.getByText("PostgreSQL", { exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: /Bytes added per day over the last 30 days/ })).toBeVisible();
  await page.getByRole("radio", { name: "90 days" }).click();
  await expect(page.getByRole("img", { name: /Bytes added per day over the last 90 days/ })).toBeVisible();
  await expect(page.getByText("Media cache retention", { exact: true })).toBeVisible();
  await expect(page.getByText("30 days", { exact: true }).first()).toBeVisible();

  const servers = page.getByRole("table", { name: "Remote servers by cached bytes" });
  const first = servers.getByRole("link").first();
  const domain = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { name: domain, level: 1 })).toBeVisible();
  await expect(page.getByText(/number 1 among remote servers/)).toBeVisible();
  await expect(page.getByText("Media attachments")).toBeVisible();
});

test("the owner sets a capacity: a wrong one is refused with its reason, a right one forecasts and is audited", async ({
  page,
}) => {
  await openStorage(page, owner);
  const capacity = page.getByLabel("Capacity of the disk or bucket");
  await capacity.fill("lots");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText('"lots" is not a size');
  await expect(page.getByText(/Now: not set/)).toBeVisible();

  await capacity.fill("2 TiB");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Capacity saved.")).toBeVisible();
  await expect(page.getByText(/Now: 2\.0 TiB/)).toBeVisible();
  await expect(page.getByTestId("forecast-summary")).not.toContainText("Set the capacity");

  await page.goto("/audit");
  const entries = page.getByRole("list", { name: "Audit entries" });
  await expect(entries.getByText("Set the storage capacity").first()).toBeVisible();
});

test("a moderator sees the figures but may not change the capacity", async ({ page }) => {
  await openStorage(page, moderator);
  await expect(page.getByText(/Staff with the Manage settings permission can change it/)).toBeVisible();
  await expect(page.getByLabel("Capacity of the disk or bucket")).toHaveCount(0);
  const put = await page.request.put("/api/storage/capacity", { data: { capacity: "1 TB", includesDatabase: false } });
  expect(put.status()).toBe(403);
  expect((await put.json()).error.message).toMatch(/manage_settings/);
});

test("bad input to the storage API gets a clear message", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  const range = await page.request.get("/api/storage?range=5y");
  expect(range.status()).toBe(400);
  expect((await range.json()).error.message).toContain('The range "5y" is not one Howdah charts');
  const unknown = await page.request.get("/api/storage/domains?domain=nowhere.example");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.message).toContain("knows no server called nowhere.example");
  const malformed = await page.request.get("/api/storage/domains?domain=not%20a%20domain");
  expect(malformed.status()).toBe(400);
  await page.goto("/storage/domains/nowhere.example");
  await expect(page.getByRole("alert").filter({ hasText: "knows no server called nowhere.example" })).toBeVisible();
});

test("/metrics has media, database and Redis sizes", async ({ request }) => {
  let body = "";
  await expect(async () => {
    const ok = await request.get("/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
    body = await ok.text();
    expect(body).toMatch(/^mastodon_media_bytes\{kind="attachments",origin="local"\} \d+$/m);
  }).toPass({ timeout: 30_000 });
  expect(body).toMatch(/^mastodon_database_bytes \d+$/m);
  expect(body).toMatch(/^mastodon_redis_memory_bytes \d+$/m);
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the Storage page fits without sideways scrolling", async ({ page }) => {
    await signIn(page, owner.email, owner.password);
    await expectSignedIn(page);
    await page.goto("/storage");
    await expect(page.getByRole("heading", { name: "Storage", level: 1 })).toBeVisible();
    await expect(page.getByRole("list", { name: "Remote servers by cached bytes" })).toBeVisible({ timeout: 30_000 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
