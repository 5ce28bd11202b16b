import { expect, test } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, formError, signIn } from "./helpers";

const { admin, moderator } = FIXTURE_USERS;

// The generated instance's relays: one per state (dev/fixtures/generator/domains.ts).
const ENABLED = "https://relay.sunnycanyon.example/inbox";

test("an admin sees the relays in every state and the traffic sections", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.getByRole("link", { name: "Relays" }).first().click();
  await expect(page.getByRole("heading", { name: "Relays", level: 1 })).toBeVisible();
  const list = page.getByRole("list", { name: "Relays" });
  await expect(list.getByRole("listitem")).toHaveCount(4);
  for (const state of ["Enabled", "Waiting for the relay's approval", "Disabled", "Rejected by the relay"]) {
    await expect(list.getByText(state, { exact: true })).toBeVisible();
  }
  await expect(page.getByText("Live relay load")).toBeVisible();
  await expect(page.getByText("Incoming traffic, before and after")).toBeVisible();
  await expect(page.getByText("The estimate counts too much when")).toBeVisible();
});

test("an admin adds a relay, and bad or duplicate inbox URLs are refused with a clear message", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.goto("/relays");
  const field = page.getByLabel("Relay inbox URL");
  const add = page.getByRole("button", { name: "Add and enable" });

  await field.fill("http://relay.plain.example/inbox");
  await add.click();
  await expect(formError(page)).toContainText("must start with https://");

  await field.fill("HTTPS://Relay.SunnyCanyon.example/inbox");
  await add.click();
  await expect(formError(page)).toContainText("already in the list");

  await field.fill("https://relay.e2e.example/inbox");
  await add.click();
  await expect(page.locator("form").getByRole("status")).toContainText("https://relay.e2e.example/inbox was added");
  const added = page
    .getByRole("list", { name: "Relays" })
    .getByRole("listitem")
    .filter({ hasText: "https://relay.e2e.example/inbox" });
  await expect(added.getByText("Waiting for the relay's approval")).toBeVisible();
});

test("an admin disables the enabled relay after confirming", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.goto("/relays");
  const item = page.getByRole("list", { name: "Relays" }).getByRole("listitem").filter({ hasText: ENABLED });
  await item.getByRole("button", { name: "Disable" }).click();
  await item.getByRole("button", { name: "Unsubscribe from this relay?" }).click();
  await expect(page.getByText(`${ENABLED} was disabled`)).toBeVisible();
  await expect(item.getByText("Disabled", { exact: true })).toBeVisible();
});

test("acting on a relay that no longer exists says so and changes nothing", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  const response = await page.request.post("/api/relays/action", { data: { id: "999999", action: "enable" } });
  expect(response.status()).toBe(404);
  expect((await response.json()).error.message).toMatch(/no longer exists/);
});

test("a moderator has no Relays page: Mastodon's relay page needs manage_federation", async ({ page }) => {
  await signIn(page, moderator.email, moderator.password);
  await expectSignedIn(page);
  await expect(page.getByRole("link", { name: "Relays" })).toHaveCount(0);
  const pageResponse = await page.goto("/relays");
  expect(pageResponse?.status()).toBe(403);
  const api = await page.request.get("/api/relays");
  expect(api.status()).toBe(403);
  expect((await api.json()).error.message).toMatch(/manage_federation/);
  const post = await page.request.post("/api/relays", { data: { inboxUrl: "https://relay.moderator.example/inbox" } });
  expect(post.status()).toBe(403);
});
