import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { measurePhoneErgonomics } from "./ergonomics";
import { expectSignedIn, signIn } from "./helpers";

/**
 * Blocklist subscriptions in the browser: a list served by a local HTTP
 * server is subscribed to, Howdah's inline worker fetches it, its changes
 * land in the review queue with their impact, and an applied change becomes
 * a domain block; at 375 px the page fits the phone.
 */
const { admin, moderator } = FIXTURE_USERS;
const ONE = "sub-e2e-one.example";
const TWO = "sub-e2e-two.example";
const LIST = [
  "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate",
  `${ONE},suspend,false,false,,false`,
  `${TWO},silence,false,false,spam,false`,
  "",
].join("\n");
let server: http.Server;
let listUrl = "";

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url !== "/list.csv") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/csv", etag: '"e2e-1"' }).end(LIST);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  listUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/list.csv`;
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function openSubscriptions(page: Page) {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.goto("/federation/subscriptions");
  await expect(page.getByRole("heading", { name: "Blocklist subscriptions", level: 1 })).toBeVisible();
}

const queue = (page: Page) => page.getByRole("list", { name: "Changes to review" });

test.describe.serial("blocklist subscriptions at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("an admin subscribes to a list; the worker fetches it and its changes wait for review", async ({ page }) => {
    await openSubscriptions(page);
    await page.getByRole("button", { name: "Add source" }).click();
    const form = page.getByRole("form", { name: "Add a source" });
    await form.getByRole("textbox", { name: "Name" }).fill("E2E shared list");
    await form.getByRole("textbox", { name: "Address" }).fill(listUrl);
    await form.getByRole("button", { name: "Add source" }).click();
    const sources = page.getByRole("list", { name: "Sources" });
    await expect(sources).toContainText("E2E shared list");
    // The inline worker fetches the new address at once; the page polls.
    await expect(async () => {
      await page.reload();
      await expect(queue(page)).toContainText(ONE, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(sources).toContainText("2 domains");
    await expect(sources).toContainText("(fetched)");
    const two = queue(page).getByRole("listitem").filter({ hasText: TWO });
    await expect(two).toContainText("Addition");
    await expect(two).toContainText("Today: no block → silence");
    await two.getByRole("button", { name: "Impact" }).click();
    await expect(two.getByRole("region", { name: "Impact" })).toContainText(`What this block does to ${TWO}`);
  });

  test("an admin applies a chosen change: it becomes a block, made by a subscription batch", async ({ page }) => {
    await openSubscriptions(page);
    await queue(page)
      .getByRole("checkbox", { name: `Choose ${TWO}` })
      .check();
    await page.getByRole("button", { name: "Apply 1 chosen" }).click();
    await page.getByRole("button", { name: "Apply now" }).click();
    await expect(page.getByText(/1 change\(s\) handed to the worker as batch #\d+/)).toBeVisible();
    await expect(queue(page)).not.toContainText(TWO);
    await page.goto("/federation");
    await page.getByLabel("Search domains").fill("sub-e2e");
    const row = page.getByRole("list", { name: "Domain blocks" }).getByRole("listitem").filter({ hasText: TWO });
    await expect(async () => {
      await page.reload();
      await page.getByLabel("Search domains").fill("sub-e2e");
      await expect(row).toContainText("Limit", { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await page.goto("/federation/imports");
    await expect(page.getByRole("list", { name: "Batches" })).toContainText("subscription: subscriptions (reviewed)");
  });

  test("a moderator has no subscriptions page: it needs manage_federation", async ({ page }) => {
    await signIn(page, moderator.email, moderator.password);
    await expectSignedIn(page);
    await page.goto("/federation/subscriptions");
    await expect(page.getByRole("heading", { name: "You may not see this page" })).toBeVisible();
  });
});

test.describe("blocklist subscriptions at 375 px", () => {
  test.use({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });

  test("the page, its source form and the review queue fit the phone", async ({ page }) => {
    await openSubscriptions(page);
    await expect(queue(page)).toContainText(ONE, { timeout: 30_000 });
    await page.getByRole("button", { name: "Add source" }).click();
    await expect(page.getByRole("form", { name: "Add a source" })).toBeVisible();
    await page.screenshot({ path: "/tmp/fsub-subscriptions-375.png", fullPage: true });
    const found = await measurePhoneErgonomics(page);
    expect(found.scrollWidth).toBeLessThanOrEqual(375);
    expect(found.smallTargets).toEqual([]);
    expect(found.smallText).toEqual([]);
  });
});
