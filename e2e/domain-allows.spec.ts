import { expect, test, type Page } from "@playwright/test";
import { Redis } from "ioredis";
import { E2E } from "../dev/testing/e2e-instance";
import { startExtraHowdah, withE2eDatabase } from "../dev/testing/e2e-mastodon";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { TEST_REDIS_PORT } from "../dev/testing/test-services";
import { expectSignedIn, signIn } from "./helpers";

/**
 * Domain allows (issue 12 point 7). They matter only in limited federation
 * mode, which Howdah reads from LIMITED_FEDERATION_MODE at start, so the
 * limited-mode tests run against a second Howdah on the same instance with
 * that variable set (dev/testing/e2e-mastodon.ts startExtraHowdah); the main
 * one, outside that mode, must not show the card at all.
 *
 * The domain gets accounts and reports of its own, so the counts the removal
 * confirmation must show are known exactly: three accounts on the domain (a
 * fourth on a sub-domain, which an allow does not cover, is not counted) and
 * two reports involving them, one of them open.
 */
const { admin } = FIXTURE_USERS;
const DOMAIN = "e2e-allowed.example";
const LIMITED_PORT = E2E.port + 6;
const LIMITED_URL = `http://127.0.0.1:${LIMITED_PORT}`;

async function openBlocks(page: Page) {
  await signIn(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.goto("/federation");
  await expect(page.getByRole("heading", { name: "Domain blocks", level: 1 })).toBeVisible();
}

const allowsCard = (page: Page) => page.getByRole("list", { name: "Allowed domains" });

test.describe("domain allows outside limited federation mode", () => {
  test("the allows card is not shown", async ({ page }) => {
    await openBlocks(page);
    await expect(page.getByRole("list", { name: "Domain blocks" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Allowed servers" })).toHaveCount(0);
    await expect(allowsCard(page)).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Allow a domain" })).toHaveCount(0);
  });
});

test.describe.serial("domain allows in limited federation mode", () => {
  test.use({ baseURL: LIMITED_URL, viewport: { width: 1280, height: 900 } });
  let limited: Awaited<ReturnType<typeof startExtraHowdah>>;
  let accountIds: string[] = [];

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    accountIds = await withE2eDatabase(async (db) => {
      await db.query("DELETE FROM domain_allows WHERE domain = $1", [DOMAIN]);
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO accounts (username, domain, created_at, updated_at)
         SELECT u, d, now(), now() FROM unnest($1::text[], $2::text[]) AS x(u, d) RETURNING id::text`,
        [
          ["ally1", "ally2", "ally3", "subby"],
          [DOMAIN, DOMAIN, DOMAIN, `sub.${DOMAIN}`],
        ],
      );
      const ids = rows.map((r) => r.id);
      const local = (await db.query("SELECT id FROM accounts WHERE domain IS NULL AND id > 0 ORDER BY id LIMIT 1"))
        .rows[0].id;
      // One open report against an account of the domain, one resolved report by another; one on the sub-domain.
      await db.query(
        `INSERT INTO reports (account_id, target_account_id, action_taken_at, created_at, updated_at)
         VALUES ($1, $2, NULL, now(), now()), ($3, $1, now(), now(), now()), ($1, $4, NULL, now(), now())`,
        [local, ids[0], ids[1], ids[3]],
      );
      return ids;
    });
    limited = await startExtraHowdah(LIMITED_PORT, { LIMITED_FEDERATION_MODE: "true" });
  });

  test.afterAll(async () => {
    await limited?.stop();
    await withE2eDatabase(async (db) => {
      await db.query("DELETE FROM reports WHERE account_id = ANY($1) OR target_account_id = ANY($1)", [accountIds]);
      await db.query("DELETE FROM accounts WHERE id = ANY($1)", [accountIds]);
      await db.query("DELETE FROM domain_allows WHERE domain = $1", [DOMAIN]);
    });
    // The AfterUnallowDomainWorker job the removal queued: no Sidekiq runs here, and other specs count the queues.
    const redis = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT, db: E2E.redisDb });
    for (const queue of await redis.smembers("queues")) {
      for (const raw of await redis.lrange(`queue:${queue}`, 0, -1)) {
        if (raw.includes('"AfterUnallowDomainWorker"') && raw.includes(DOMAIN))
          await redis.lrem(`queue:${queue}`, 0, raw);
      }
    }
    redis.disconnect();
  });

  test("the page says the mode and shows the allows card; an admin allows a domain", async ({ page }) => {
    await openBlocks(page);
    await expect(page.getByText("This server federates only with the servers it allows")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Allowed servers" })).toBeVisible();
    await expect(allowsCard(page).getByRole("listitem").filter({ hasText: DOMAIN })).toHaveCount(0);

    const form = page.getByRole("form", { name: "Allow a domain" });
    await form.getByRole("textbox", { name: "Domain to allow" }).fill("E2E-Allowed.example");
    await form.getByRole("button", { name: "Allow" }).click();
    await expect(page.getByText(`${DOMAIN} is allowed.`)).toBeVisible();
    await expect(allowsCard(page).getByRole("listitem").filter({ hasText: DOMAIN })).toHaveCount(1);
    const stored = await withE2eDatabase(
      async (db) => (await db.query("SELECT domain FROM domain_allows WHERE domain = $1", [DOMAIN])).rowCount,
    );
    expect(stored).toBe(1);
  });

  test("removing the allow says exactly what Mastodon will destroy, and goes ahead only once confirmed", async ({
    page,
  }) => {
    await openBlocks(page);
    const item = allowsCard(page).getByRole("listitem").filter({ hasText: DOMAIN });
    await item.getByRole("button", { name: `Remove the allow on ${DOMAIN}` }).click();
    const confirmation = item.locator(`[aria-label="Remove the allow on ${DOMAIN}"]`);
    await expect(confirmation).toContainText(
      `makes Mastodon delete its 3 accounts with their posts and media, and the 2 reports by or against them (1 open)`,
    );
    const understood = confirmation.getByRole("checkbox", {
      name: "I understand that 3 accounts and 2 reports will be deleted.",
    });
    const remove = confirmation.getByRole("button", { name: `Remove the allow on ${DOMAIN}` });
    await expect(remove).toBeDisabled();
    await understood.check();
    await remove.click();
    await expect(
      page.getByText(
        `The allow on ${DOMAIN} was removed: 3 accounts suspended, and AfterUnallowDomainWorker will delete them`,
      ),
    ).toBeVisible();
    await expect(allowsCard(page).getByRole("listitem").filter({ hasText: DOMAIN })).toHaveCount(0);

    // What Mastodon's own removal leaves: the allow gone, the domain's accounts (and only those) suspended.
    const after = await withE2eDatabase(async (db) => ({
      allows: (await db.query("SELECT 1 FROM domain_allows WHERE domain = $1", [DOMAIN])).rowCount,
      suspended: (
        await db.query<{ domain: string }>(
          "SELECT domain FROM accounts WHERE id = ANY($1) AND suspended_at IS NOT NULL ORDER BY domain",
          [accountIds],
        )
      ).rows.map((r) => r.domain),
    }));
    expect(after).toEqual({ allows: 0, suspended: [DOMAIN, DOMAIN, DOMAIN] });
  });
});
