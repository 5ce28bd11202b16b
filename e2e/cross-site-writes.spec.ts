import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { expectSignedIn, signIn } from "./helpers";

/**
 * A page on another origin of the same site (here another port of the same
 * host, as a forum on a sub-domain of the instance would be) tries the two
 * forgeries SameSite=Lax cookies do not stop: an auto-submitted form with a
 * JSON-looking text/plain body, and a no-cors fetch. The admin is signed in;
 * nothing may change.
 */
const { owner } = FIXTURE_USERS;
let attacker: http.Server;
let attackerOrigin: string;

function attackPage(howdah: string): string {
  const incident = JSON.stringify({ kind: "incident", title: "Forged incident", body: "forged", pad: "" });
  // A text/plain form posts `name=value`; the name holds the JSON up to its last quote.
  const [name, value] = [incident.slice(0, -2), `"}`];
  return `<!doctype html><html><body>
<form id="f" method="POST" action="${howdah}/api/incidents" enctype="text/plain">
  <input name='${name}' value='${value}'>
</form>
<script>
  fetch("${howdah}/api/relays", {
    method: "POST", mode: "no-cors", credentials: "include",
    headers: { "content-type": "text/plain" },
    body: JSON.stringify({ inboxUrl: "https://relay.forged.example/inbox" }),
  }).finally(() => { document.title = "fetched"; document.getElementById("f").submit(); });
</script></body></html>`;
}

test.beforeAll(async ({ baseURL }) => {
  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(attackPage(baseURL!));
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => attacker.close(resolve));
});

test("a same-site page cannot make a signed-in admin's browser write", async ({ page, baseURL }) => {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  const incidentsBefore = await (await page.request.get("/api/incidents")).json();
  const relaysBefore = await (await page.request.get("/api/relays")).json();

  const submitted = page.waitForURL(`${baseURL}/api/incidents`);
  await page.goto(attackerOrigin);
  await submitted;
  // The form's navigation lands on Howdah's refusal, not on a created incident.
  await expect(page.locator("body")).toContainText("Changes are sent as JSON");

  expect(await (await page.request.get("/api/incidents")).json()).toEqual(incidentsBefore);
  expect(await (await page.request.get("/api/relays")).json()).toEqual(relaysBefore);
});

test("the same write from Howdah's own page, as JSON, still works", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await expectSignedIn(page);
  const status = await page.evaluate(async () => {
    const response = await fetch("/api/incidents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "incident", title: "", body: "" }),
    });
    return response.status;
  });
  // Past the guard: the empty title is the input's own refusal.
  expect(status).toBe(400);
});
