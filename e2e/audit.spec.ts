import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { E2E } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { testPool } from "../dev/testing/test-pool";
import { expectSignedIn, signIn } from "./helpers";

// Entries written straight into Howdah's store for this spec, marked by a target prefix.
const MARK = "e2e-audit";

test.beforeAll(async () => {
  const pool = testPool(E2E.connectionString, 1);
  try {
    await pool.query(`DELETE FROM howdah.audit_log WHERE target LIKE '${MARK}%'`);
    await pool.query(
      `INSERT INTO howdah.audit_log (actor_account_id, actor_acct, action, target_type, target, outcome)
       SELECT 1, CASE WHEN i % 2 = 0 THEN 'auditor' ELSE 'other' END,
              CASE WHEN i % 2 = 0 THEN 'relay.disable' ELSE 'relay.enable' END,
              'Relay', '${MARK}-' || lpad(i::text, 3, '0'), 'ok'
         FROM generate_series(1, 130) AS i`,
    );
    await pool.query(
      `INSERT INTO howdah.audit_log (actor_acct, action, target_type, target, outcome)
       VALUES ('auditor', 'storage.capacity.update', 'storage_capacity', '${MARK}=1+1', 'ok')`,
    );
  } finally {
    await pool.end();
  }
});

async function openAudit(page: Page) {
  await signIn(page, FIXTURE_USERS.owner.email, FIXTURE_USERS.owner.password);
  await expectSignedIn(page);
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
}

const entries = (page: Page) => page.getByRole("list", { name: "Audit entries" }).getByRole("listitem");

test("filters by person and action with readable names, searches, and pages through the rest", async ({ page }) => {
  await openAudit(page);
  await page.getByLabel("Person").selectOption("auditor");
  await page.getByLabel("Action").selectOption({ label: "Disabled a relay" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/actor=auditor/);
  await expect(page).toHaveURL(/action=relay\.disable/);
  await expect(entries(page)).toHaveCount(50);
  for (const text of await entries(page).allTextContents()) expect(text).toMatch(/@auditor Disabled a relay · Relay/);
  await expect(page.getByText("relay.disable", { exact: true })).toHaveCount(0);

  await page.getByRole("link", { name: "Older entries →" }).click();
  await expect(entries(page)).toHaveCount(15); // 65 even-numbered entries in all
  await expect(entries(page).last()).toContainText(`${MARK}-002`);
  await expect(page.getByRole("link", { name: "Older entries →" })).toHaveCount(0);
  await page.getByRole("link", { name: "← Newer entries" }).click();
  await expect(entries(page)).toHaveCount(50);
  await expect(entries(page).first()).toContainText(`${MARK}-130`);

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  // The fields follow the address after a client-side navigation.
  await expect(page.getByLabel("Person")).toHaveValue("");
  await expect(page.getByLabel("Action")).toHaveValue("");
  await page.getByLabel("Search").fill(`${MARK}-077`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page).first()).toContainText("@other Enabled a relay");
});

test("exports the filtered view as CSV with formula cells neutralised", async ({ page }) => {
  await openAudit(page);
  await page.getByLabel("Target").selectOption({ label: "Storage capacity" });
  await page.getByLabel("Search").fill(MARK);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const href = await page.getByRole("link", { name: "Export as CSV" }).getAttribute("href");
  expect(href).toBe(`/api/audit/export?target=storage_capacity&q=${MARK}`);
  const response = await page.request.get(href!);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ action_name: "Set the storage capacity", target: `${MARK}=1+1`, actor: "auditor" });

  const formula = parse(await (await page.request.get(`/api/audit/export?q=${encodeURIComponent("=1+1")}`)).text(), {
    columns: true,
  }) as Record<string, string>[];
  expect(formula.map((r) => r.target)).toEqual([`${MARK}=1+1`]);
  // The export is itself audited.
  await page.goto("/audit?action=audit.export");
  await expect(entries(page).first()).toContainText("Exported the audit log");
});
