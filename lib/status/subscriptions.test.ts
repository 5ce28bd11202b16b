import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSmtpTestServer, type SmtpTestServer } from "@/dev/testing/smtp-test-server";
import { createTestInstance, type TestInstance } from "@/dev/testing/test-instance";
import type { Store } from "@/lib/store/connection";
import { createIncident } from "./incidents";
import { createIncidentInput } from "./incident-input";
import { confirmForm, confirmPost, subscribeForm, subscribePost, unsubscribePost } from "./subscription-routes";
import { notifySubscribers } from "./subscriptions";

/**
 * E-mail subscriptions as a member goes through them, against the real store
 * and an SMTP server the test starts: ask, confirm (double opt-in), receive
 * an incident's update, unsubscribe with a mail client's one-click POST.
 */
const STAFF = { accountId: "1", acct: "admin" };
let instance: TestInstance;
let store: Store;
let smtp: SmtpTestServer;
const BASE = "http://howdah.test";

const form = (path: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

/** The mail's text with quoted-printable soft breaks and escapes undone. */
const textOf = (data: string) =>
  data.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
const linkIn = (data: string, path: string) =>
  new RegExp(`https?://\\S+${path}\\?id=\\d+&token=[\\w-]+`).exec(textOf(data))![0];

async function incident(title: string) {
  return createIncident(
    store,
    createIncidentInput.parse({
      kind: "incident",
      title,
      body: "Posts from other servers are late.",
      components: ["federation"],
    }),
    STAFF,
  );
}

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  instance = await createTestInstance("status_subscriptions", "4.6", {
    SMTP_SERVER: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    SMTP_FROM_ADDRESS: "notifications@example.social",
  });
  store = await instance.context.store();
});
afterAll(async () => {
  await instance?.close();
  await smtp?.close();
});
beforeEach(async () => {
  smtp.received.length = 0;
  smtp.refuse(false);
  await store.pool.query("TRUNCATE howdah.status_subscribers");
});

describe("status updates by e-mail", () => {
  it("asks, confirms with a button, gets an update, and unsubscribes in one click", async () => {
    const context = instance.context;
    const asked = await subscribePost(context, form("/status/subscribe", { email: " Member@Example.org " }));
    expect(asked.status).toBe(303);
    expect(asked.headers.get("location")).toBe("/status/subscribe?sent=1");
    expect(await subscribeForm(context, new Request(`${BASE}/status/subscribe?sent=1`)).text()).toContain(
      "Check your inbox",
    );
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(["member@example.org"]);
    const confirmUrl = linkIn(smtp.received[0]!.data, "/status/subscribe/confirm");

    // Not confirmed yet: an incident mails no one.
    expect(await notifySubscribers(context, await incident("Before confirming"))).toBe(0);
    // Opening the link shows a button; it does not confirm by itself.
    const page = await confirmForm(context, new Request(confirmUrl)).text();
    expect(page).toContain("Yes, send me updates");
    expect(await notifySubscribers(context, await incident("Still not confirmed"))).toBe(0);
    const params = new URL(confirmUrl).searchParams;
    const confirmed = await confirmPost(
      context,
      form("/status/subscribe/confirm", { id: params.get("id")!, token: params.get("token")! }),
    );
    expect(await confirmed.text()).toContain("Confirmed");

    smtp.received.length = 0;
    expect(await notifySubscribers(context, await incident("Federation delayed"))).toBe(1);
    const update = { data: smtp.received[0]!.data.replace(/\r\n[ \t]+/g, " ") };
    expect(update.data).toMatch(/^Subject: \[howdah\.test\] Federation delayed: Investigating/m);
    expect(update.data).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const unsubscribeUrl = /^List-Unsubscribe: <(.*)>/m.exec(update.data)![1]!;
    expect(textOf(update.data)).toContain(`Stop these mails: ${unsubscribeUrl}`);

    // A mail client's one-click unsubscribe: a POST to the link itself (RFC 8058).
    const oneClick = new Request(unsubscribeUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect((await unsubscribePost(context, oneClick)).status).toBe(200);
    expect(await notifySubscribers(context, await incident("After unsubscribing"))).toBe(0);
    expect((await store.pool.query("SELECT 1 FROM howdah.status_subscribers")).rowCount).toBe(0);
  });

  it("sends one confirmation per address an hour, and says the same to anyone", async () => {
    const context = instance.context;
    for (let i = 0; i < 3; i++) {
      expect((await subscribePost(context, form("/status/subscribe", { email: "a@example.org" }))).status).toBe(303);
    }
    expect(smtp.received).toHaveLength(1);
  });

  it("refuses a bad address, a forged link and a refusing mail server with a sentence, changing nothing", async () => {
    const context = instance.context;
    const bad = await subscribePost(context, form("/status/subscribe", { email: "not-an-address" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("give an e-mail address, like you@example.org.");
    const forged = await confirmPost(context, form("/status/subscribe/confirm", { id: "1", token: "forged" }));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("This link is not valid");
    smtp.refuse(true);
    const refused = await subscribePost(context, form("/status/subscribe", { email: "b@example.org" }));
    expect(refused.status).toBe(503);
    expect(await refused.text()).toContain("The mail could not be sent");
    expect(smtp.received).toHaveLength(0);
    expect((await store.pool.query("SELECT 1 FROM howdah.status_subscribers")).rowCount).toBe(0);
  });
});
