import { expect, test } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

/**
 * The script policy: Next's pages run with a per-answer nonce and no
 * 'unsafe-inline', so a script that reached the markup some other way (an
 * escape missed in a job argument, a domain, a relay URL) is refused by the
 * browser, while Howdah's own pages still hydrate and work.
 */
const { owner } = FIXTURE_USERS;

test("pages carry a fresh nonce on every script and the policy refuses inline scripts", async ({ request }) => {
  const nonces = new Set<string>();
  for (let i = 0; i < 2; i++) {
    const answer = await request.get("/sign-in");
    const policy = answer.headers()["content-security-policy"] ?? "";
    const scriptSrc = policy.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce, policy).toBeTruthy();
    nonces.add(nonce!);
    const html = await answer.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size, "each answer has its own nonce").toBe(2);

  const status = (await request.get("/status")).headers()["content-security-policy"] ?? "";
  expect(status).toContain("default-src 'none'");
  // Only the page's own script file: nothing inline, no eval.
  expect(status.split("; ").find((d) => d.startsWith("script-src"))).toBe("script-src 'self'");
});

test("a signed-in page hydrates under the policy and injected inline handlers do not run", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  // Client-side navigation works only if Next's scripts ran.
  await page.getByRole("link", { name: "Queues", exact: true }).first().click();
  await expect(page).toHaveURL(/\/queues$/);
  expect(violations, violations.join("\n")).toEqual([]);

  // Markup that slipped through an escape, as an XSS would arrive: an inline handler.
  const ran = await page.evaluate(async () => {
    const flag = window as unknown as { __injected?: boolean };
    const refused = new Promise<boolean>((resolve) => {
      document.addEventListener("securitypolicyviolation", () => resolve(true), { once: true });
      setTimeout(() => resolve(false), 2_000);
    });
    const holder = document.createElement("div");
    holder.innerHTML = '<img src="data:," onerror="window.__injected = true" onload="window.__injected = true">';
    document.body.appendChild(holder);
    const wasRefused = await refused;
    return { ran: flag.__injected === true, refused: wasRefused };
  });
  expect(ran).toEqual({ ran: false, refused: true });
});
