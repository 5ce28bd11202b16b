import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { testPool } from "../dev/testing/test-pool";
import { expectSignedIn, signIn } from "./helpers";

// The e2e instance: Mastodon 4.6 at LOCAL_DOMAIN howdah.test (no WEB_DOMAIN), a push backlog over its threshold.
const MASTODON = "https://howdah.test";
const { owner } = FIXTURE_USERS;

async function count(sql: string): Promise<number> {
  const pool = testPool(E2E.connectionString, 1);
  try {
    return Number((await pool.query(sql)).rows[0].n);
  } finally {
    await pool.end();
  }
}

async function signInAs(page: Page, user: { email: string; password: string }) {
  await signIn(page, user.email, user.password);
  await expectSignedIn(page);
}

test("the action-required card links open reports to the queue and the rest to Mastodon's own admin page", async ({
  page,
}) => {
  await signInAs(page, owner);
  const card = page.getByRole("list", { name: "Action required" });
  const pending = await count("SELECT count(*) AS n FROM users WHERE NOT approved");
  const reports = await count("SELECT count(*) AS n FROM reports WHERE action_taken_at IS NULL");
  const appeals = await count("SELECT count(*) AS n FROM appeals WHERE approved_at IS NULL AND rejected_at IS NULL");
  const expected: [RegExp, string][] = [
    [new RegExp(`^${pending} pending accounts? \\(on Mastodon\\)$`), `${MASTODON}/admin/accounts?status=pending`],
    [new RegExp(`^${reports} open reports?$`), "/reports"],
    [
      new RegExp(`^${appeals} pending appeals? \\(on Mastodon\\)$`),
      `${MASTODON}/admin/disputes/appeals?status=pending`,
    ],
    [/^\d+ hashtags? pending review \(on Mastodon\)$/, `${MASTODON}/admin/trends/tags?status=pending_review`],
  ];
  expect(pending).toBeGreaterThan(0);
  expect(reports).toBeGreaterThan(0);
  for (const [name, href] of expected) await expect(card.getByRole("link", { name })).toHaveAttribute("href", href);
  await expect(card.getByRole("link")).toHaveCount(4);
});

test("every overview link has its own name, and the backlog warning opens the late queue", async ({ page }) => {
  await signInAs(page, owner);
  await expect(page.getByRole("list", { name: "Queue alerts" })).toBeVisible();
  const links = await page
    .getByRole("main")
    .getByRole("link")
    .evaluateAll((els) => els.map((a) => ({ name: (a.textContent ?? "").trim(), href: a.getAttribute("href") })));
  // One name, one destination: no two links share a name while going to different places.
  const byName = new Map<string, Set<string | null>>();
  for (const { name, href } of links) byName.set(name, (byName.get(name) ?? new Set()).add(href));
  for (const [name, hrefs] of byName) expect([name, hrefs.size]).toEqual([name, 1]);
  expect(links.map((l) => l.name)).not.toContain("Open");
  for (const name of ["View queues", "View storage", "View relays", "Accounts on Mastodon", "View system"])
    await expect(page.getByRole("link", { name, exact: true })).toBeVisible();

  // Earlier tests may have made another queue late too (a retried job lands in its queue): whichever
  // alert comes first, its link opens the queue it names.
  const first = page.getByRole("list", { name: "Queue alerts" }).getByRole("link").first();
  const queue = /source=queue%3A([a-z_]+)$/.exec((await first.getAttribute("href")) ?? "")?.[1];
  expect(queue, "a latency alert links to its queue's jobs").toBeTruthy();
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/queues/jobs\\?source=queue%3A${queue}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(queue!);
});

test("the overview lists the software versions", async ({ page }) => {
  await signInAs(page, owner);
  const list = page
    .getByRole("list", { name: "Software versions" })
    .or(page.locator("dl[aria-label='Software versions']"));
  const server = (await count("SELECT split_part(current_setting('server_version'), ' ', 1)::numeric AS n")).toString();
  await expect(list).toContainText("Mastodon4.6.x");
  await expect(list).toContainText(`PostgreSQL${server}`);
  await expect(list).toContainText(/Redis\d+\.\d+/);
  await expect(list).toContainText("Sidekiq8.1.6");
  await expect(list).toContainText(/Howdah\d+\.\d+\.\d+/);
});
