import { expect, test } from "@playwright/test";
import { E2E } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { startHttpTestReceiver, type HttpTestReceiver } from "../dev/testing/http-test-receiver";
import { startSmtpTestServer, type SmtpTestServer } from "../dev/testing/smtp-test-server";
import { expectSignedIn, signIn } from "./helpers";

/**
 * The Alerts page as an admin uses it, at 1280 and 375 px: a webhook and an
 * e-mail contact point with "Send test" (to an HTTP receiver and an SMTP
 * server this file starts), a failed send shown on the point, the pending
 * period and repeat interval typed as people type them, the rules' warning
 * and critical levels, and a silence.
 */
const { owner } = FIXTURE_USERS;
let receiver: HttpTestReceiver;
let smtp: SmtpTestServer;

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  receiver = await startHttpTestReceiver();
  smtp = await startSmtpTestServer(E2E.smtpPort);
});
test.afterAll(async () => {
  await receiver?.close();
  await smtp?.close();
});

for (const width of [1280, 375] as const) {
  test(`an admin sets up where alerts go and tests it, at ${width} px`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, owner.email, owner.password);
    await expectSignedIn(page);
    await page.goto("/alerts");
    await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();

    // A webhook: added, tested, then a failing test shown on it.
    const add = page.getByRole("form", { name: "Add a contact point" });
    const name = `Ops webhook ${width}`;
    await add.getByLabel("Kind").selectOption("webhook");
    await add.getByLabel("Name").fill(name);
    await add.getByLabel("Webhook address").fill("ftp://example.org/hook");
    await add.getByRole("button", { name: "Add contact point" }).click();
    await expect(add.getByRole("alert")).toContainText("starting with https://");
    await add.getByLabel("Webhook address").fill(`${receiver.url}/hook-${width}`);
    await add.getByRole("button", { name: "Add contact point" }).click();
    const point = page.getByRole("listitem", { name });
    await expect(point).toBeVisible();
    const before = receiver.requests.length;
    await point.getByRole("button", { name: "Send test" }).click();
    await expect(point.getByText("Test sent: check that it arrived.")).toBeVisible();
    const sent = receiver.requests.slice(before).find((r) => r.url === `/hook-${width}`);
    expect(JSON.parse(sent!.body)).toMatchObject({ status: "test", instance: "howdah.test" });
    receiver.answerNext(500, 500);
    await point.getByRole("button", { name: "Send test" }).click();
    await expect(point.getByText("The last send failed")).toBeVisible({ timeout: 20_000 });
    await expect(point).toContainText("answered 500 Internal Server Error");

    // E-mail through Mastodon's SMTP settings.
    const mailName = `Admins by mail ${width}`;
    await add.getByLabel("Kind").selectOption("email");
    await add.getByLabel("Name").fill(mailName);
    await add.getByLabel("Send to (addresses, comma-separated)").fill(`oncall-${width}@howdah.test`);
    await add.getByRole("button", { name: "Add contact point" }).click();
    const mail = page.getByRole("listitem", { name: mailName });
    await mail.getByRole("button", { name: "Send test" }).click();
    await expect(mail.getByText("Test sent: check that it arrived.")).toBeVisible();
    expect(smtp.received.some((m) => m.to.includes(`oncall-${width}@howdah.test`))).toBe(true);

    // When to notify: a duration people would not write is refused with a sentence.
    const policy = page.getByRole("form", { name: "When to notify" });
    await policy.getByLabel(/Pending period/).fill("5 minutes");
    await policy.getByRole("button", { name: "Save" }).click();
    await expect(policy.getByRole("alert")).toContainText('"5 minutes" is not one');
    await policy.getByLabel(/Pending period/).fill("10m");
    await policy.getByLabel(/Repeat interval/).fill("2h");
    await policy.getByRole("button", { name: "Save" }).click();
    await expect(policy.getByText("Saved.")).toBeVisible();
    const overview = await (await page.request.get("/api/alerts")).json();
    expect(overview.policy).toEqual({ pending: "10m", repeat: "2h" });

    // Rules: each with a warning and a critical level, times typed as people type them.
    const rules = page.getByRole("form", { name: "Alert rules" });
    const disk = rules.getByRole("group", { name: /Media storage forecast/ });
    await disk.getByLabel("Warning").fill("soon");
    await rules.getByRole("button", { name: "Save rules" }).click();
    await expect(rules.getByRole("alert")).toContainText('"soon" is not a time');
    await disk.getByLabel("Warning").fill("6w");
    await rules
      .getByRole("group", { name: /Oldest report/ })
      .getByLabel("Critical")
      .fill("");
    await rules.getByLabel(/Critical queue latency/).fill("push=10m");
    await rules.getByRole("button", { name: "Save rules" }).click();
    await expect(rules.getByText("Saved.")).toBeVisible();
    const saved = (await (await page.request.get("/api/alerts")).json()).rules;
    expect(saved.levels.diskFullWithin).toEqual({ warning: "42d", critical: "7d" });
    expect(saved.levels.unassignedReportAge).toEqual({ warning: "1d", critical: "" });
    expect(saved.criticalLatency).toBe("push=10m");

    // A silence, then ended.
    const silence = page.getByRole("form", { name: "Silence alerts" });
    await silence.getByLabel("Alerts").fill(`component:web${width}`);
    await silence.getByLabel("For").fill("soon");
    await silence.getByRole("button", { name: "Silence" }).click();
    await expect(silence.getByRole("alert")).toContainText("like 30s, 5m, 2h or 1d");
    await silence.getByLabel("For").fill("1h");
    await silence.getByRole("button", { name: "Silence" }).click();
    const row = page.getByRole("listitem").filter({ hasText: `component:web${width}` });
    await expect(row).toBeVisible();
    await row.getByRole("button", { name: "End now" }).click();
    await expect(row).toHaveCount(0);

    // Removed again, so the other width starts clean.
    for (const n of [name, mailName]) {
      const item = page.getByRole("listitem", { name: n });
      await item.getByRole("button", { name: "Remove…" }).click();
      await item.getByRole("button", { name: "Yes, remove it" }).click();
      await expect(page.getByRole("listitem", { name: n })).toHaveCount(0);
    }
  });
}
