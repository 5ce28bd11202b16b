import { expect, test, type Page } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

/**
 * Incidents as staff write them, at 1280 and 375 px, in a reader's time zone
 * that is not UTC: maintenance planned from the "Upgrade" template appears on
 * the status page ahead of its window; moving its window to now opens it by
 * itself (the parts it names show "maintenance"); a posted update is reworded
 * in place; the entry is deleted again.
 */
const { admin } = FIXTURE_USERS;
const ZONE = "Europe/Berlin";
test.use({ timezoneId: ZONE });

/** A time as a datetime-local field in ZONE shows it. */
const localField = (ms: number) =>
  new Date(ms).toLocaleString("sv-SE", { timeZone: ZONE }).replace(" ", "T").slice(0, 16);

const statusJson = async (page: Page) => (await page.request.get("/api/status")).json();
const webState = async (page: Page) =>
  (await statusJson(page)).components.find((c: { id: string }) => c.id === "web").state as string;

for (const width of [1280, 375] as const) {
  test(`maintenance from a template, its window moved, an update reworded, at ${width} px`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, admin.email, admin.password);
    await expectSignedIn(page);
    await page.goto("/incidents");
    await page.getByRole("button", { name: "New incident or maintenance" }).click();
    const form = page.getByRole("form", { name: "New incident" });
    await form.getByLabel("Start from a template").selectOption("upgrade");
    await expect(form.getByRole("radio", { name: "Planned maintenance" })).toBeChecked();
    await expect(form.getByLabel("Title")).toHaveValue("Upgrade to a new Mastodon version");
    await expect(form.getByLabel("Starts (your time zone)")).not.toHaveValue("");
    const title = `Upgrade to 4.6 (${width} px, ${Date.now()})`;
    await form.getByLabel("Title").fill(title);
    await form.getByRole("button", { name: "Publish on the status page" }).click();
    const card = page.getByRole("article", { name: title });
    await expect(card).toContainText("Planned maintenance");

    // Ahead of time: listed on the public page, scheduled, and the parts still operational-or-measured.
    await expect
      .poll(async () => (await statusJson(page)).incidents.find((i: { title: string }) => i.title === title)?.status)
      .toBe("scheduled");
    expect(await webState(page)).not.toBe("maintenance");

    // The window moved to now: it opens by itself.
    await card.getByText("Edit or delete").click();
    const edit = card.getByRole("form", { name: `Edit ${title}` });
    const now = Date.now();
    await edit.getByLabel("Starts (your time zone)").fill(localField(now - 120_000));
    await edit.getByLabel("Ends (your time zone)").fill(localField(now + 3_600_000));
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit.getByText("Saved; the status page shows it now.")).toBeVisible();
    await expect.poll(() => webState(page), { timeout: 45_000 }).toBe("maintenance");
    const saved = (await statusJson(page)).incidents.find((i: { title: string }) => i.title === title);
    expect(Math.abs(Date.parse(saved.scheduled_start) - (now - 120_000))).toBeLessThan(60_000);

    // Rewording the posted update.
    await card.getByRole("button", { name: "Reword" }).click();
    const reword = card.getByRole("form", { name: "Reword this update" });
    await reword.getByLabel("New wording").fill("");
    await reword.getByRole("button", { name: "Save wording" }).click();
    await expect(reword.getByRole("alert")).toContainText("write the message members will read.");
    await reword.getByLabel("New wording").fill("We upgrade now; the apps may log out once.");
    await reword.getByRole("button", { name: "Save wording" }).click();
    await expect(card.getByText("We upgrade now; the apps may log out once.")).toBeVisible();
    await expect
      .poll(
        async () =>
          (await statusJson(page)).incidents.find((i: { title: string }) => i.title === title)?.updates[0].body,
      )
      .toBe("We upgrade now; the apps may log out once.");

    await card.getByRole("button", { name: "Delete…" }).click();
    await card.getByRole("button", { name: "Yes, delete it" }).click();
    await expect(page.getByRole("article", { name: title })).toHaveCount(0);
    await expect.poll(() => webState(page), { timeout: 45_000 }).not.toBe("maintenance");
  });
}
