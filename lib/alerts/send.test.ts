import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SmtpSettings } from "@/lib/config/types";
import { startHttpTestReceiver, type HttpTestReceiver } from "@/dev/testing/http-test-receiver";
import { startSmtpTestServer, type SmtpTestServer } from "@/dev/testing/smtp-test-server";
import { contactPointInput, type ContactPointInput } from "./contact-point-input";
import type { AlertNotification } from "./notification";
import { sendNotification } from "./send";

/**
 * Each kind of contact point, sent to servers the test starts on 127.0.0.1:
 * an HTTP receiver standing in for the webhook, Slack, Discord, ntfy and the
 * Matrix homeserver, and a small SMTP server for e-mail.
 */
let http: HttpTestReceiver;
let smtp: SmtpTestServer;
let smtpSettings: SmtpSettings;

const firing: AlertNotification = {
  status: "firing",
  alertId: "latency:push",
  severity: "critical",
  title: "Outgoing federation 21 min behind",
  message: "Posts sent to other servers are running 21 min behind.",
  since: "2026-03-01T10:00:00.000Z",
  at: "2026-03-01T10:05:00.000Z",
  instance: "example.social",
  link: "https://howdah.example.social/queues",
};

/** The Subject header, unfolded and its RFC 2047 encoded words decoded. */
function subjectOf(data: string): string {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(data)![1]!.replace(/\?=\s+=\?/g, "?==?");
  return header.replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_m, q: string) =>
    Buffer.from(
      q.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8"),
  );
}

const point = (input: unknown): ContactPointInput => contactPointInput.parse(input);
const fast = () => ({ smtp: smtpSettings, attempts: 3, backoffMs: 0, timeoutMs: 5_000 });

beforeAll(async () => {
  http = await startHttpTestReceiver();
  smtp = await startSmtpTestServer();
  smtpSettings = {
    host: "127.0.0.1",
    port: smtp.port,
    auth: { user: "mailer@example.social", pass: "secret" },
    implicitTls: false,
    starttls: "auto",
    verifyCertificate: true,
    from: "notifications@example.social",
    replyTo: null,
  };
});
afterAll(async () => {
  await http.close();
  await smtp.close();
});
beforeEach(() => {
  http.requests.length = 0;
  smtp.received.length = 0;
  smtp.refuse(false);
});

describe("sending to a contact point", () => {
  it("posts Howdah's JSON to a generic webhook", async () => {
    const result = await sendNotification(
      point({ kind: "webhook", name: "ops", url: `${http.url}/hook` }),
      firing,
      fast(),
    );
    expect(result).toEqual({ ok: true, attempts: 1 });
    const [req] = http.requests;
    expect(req).toMatchObject({ method: "POST", url: "/hook" });
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req!.body)).toMatchObject({
      version: 1,
      status: "firing",
      alertId: "latency:push",
      severity: "critical",
      headline: "[Firing · critical] example.social: Outgoing federation 21 min behind",
    });
  });

  it("speaks Slack's and Discord's incoming-webhook formats", async () => {
    await sendNotification(point({ kind: "slack", name: "s", url: `${http.url}/slack` }), firing, fast());
    await sendNotification(point({ kind: "discord", name: "d", url: `${http.url}/discord` }), firing, fast());
    const [slack, discord] = http.requests.map((r) => JSON.parse(r.body));
    expect(slack.text).toContain("*[Firing · critical] example.social: Outgoing federation 21 min behind*");
    expect(discord.content).toContain("**[Firing · critical]");
    expect(discord.allowed_mentions).toEqual({ parse: [] });
  });

  it("publishes to an ntfy topic as JSON at the server's root, with the token and a priority", async () => {
    const ntfy = point({ kind: "ntfy", name: "phone", url: `${http.url}/my-alerts`, token: "tk_abc" });
    await sendNotification(ntfy, firing, fast());
    await sendNotification(ntfy, { ...firing, status: "resolved" }, fast());
    expect(http.requests[0]).toMatchObject({ method: "POST", url: "/" });
    expect(http.requests[0]!.headers.authorization).toBe("Bearer tk_abc");
    expect(JSON.parse(http.requests[0]!.body)).toMatchObject({ topic: "my-alerts", priority: 5 });
    expect(JSON.parse(http.requests[1]!.body)).toMatchObject({ priority: 3, tags: ["white_check_mark"] });
  });

  it("puts an m.room.message into a Matrix room with the bot's token", async () => {
    const matrix = point({
      kind: "matrix",
      name: "room",
      homeserver: http.url,
      roomId: "!ops:example.org",
      accessToken: "syt_secret",
    });
    await sendNotification(matrix, firing, fast());
    const [req] = http.requests;
    expect(req!.method).toBe("PUT");
    expect(req!.url).toMatch(/^\/_matrix\/client\/v3\/rooms\/!ops%3Aexample\.org\/send\/m\.room\.message\/howdah-/);
    expect(req!.headers.authorization).toBe("Bearer syt_secret");
    expect(JSON.parse(req!.body)).toMatchObject({ msgtype: "m.text" });
  });

  it("tries again when the receiver fails, and says what went wrong when it keeps failing", async () => {
    http.answerNext(503);
    const hook = point({ kind: "webhook", name: "ops", url: `${http.url}/hook` });
    expect(await sendNotification(hook, firing, fast())).toEqual({ ok: true, attempts: 2 });
    http.requests.length = 0;
    http.answerNext(500, 500, 500);
    const failed = await sendNotification(hook, firing, fast());
    expect(failed).toEqual({
      ok: false,
      attempts: 3,
      error: expect.stringMatching(/^127\.0\.0\.1:\d+ answered 500 Internal Server Error/),
    });
    expect(http.requests).toHaveLength(3);
  });

  it("says so when nothing listens at the address", async () => {
    const closed = await startHttpTestReceiver();
    await closed.close();
    const port = new URL(closed.url).port;
    const result = await sendNotification(point({ kind: "webhook", name: "gone", url: `${closed.url}/hook` }), firing, {
      ...fast(),
      attempts: 1,
    });
    expect(result).toMatchObject({ ok: false, error: `127.0.0.1:${port} could not be reached (ECONNREFUSED).` });
  });

  it("e-mails through Mastodon's SMTP settings, logging in as SMTP_LOGIN", async () => {
    const result = await sendNotification(
      point({ kind: "email", name: "admins", to: ["admin@example.social", "oncall@example.org"] }),
      firing,
      fast(),
    );
    expect(result.ok).toBe(true);
    const [mail] = smtp.received;
    expect(mail!.from).toBe("notifications@example.social");
    expect(mail!.to).toEqual(["admin@example.social", "oncall@example.org"]);
    expect(mail!.auth).toBe("mailer@example.social");
    expect(subjectOf(mail!.data)).toBe("[Firing · critical] example.social: Outgoing federation 21 min behind");
    expect(mail!.data).toContain("Posts sent to other servers are running 21 min behind.");
  });

  it("reports a mail server that refuses, and e-mail that is not set up", async () => {
    smtp.refuse(true);
    const email = point({ kind: "email", name: "admins", to: ["admin@example.social"] });
    const refused = await sendNotification(email, firing, { ...fast(), attempts: 1 });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining(`127.0.0.1:${smtp.port} refused it`) });
    expect(smtp.received).toHaveLength(0);
    const unset = await sendNotification(email, firing, { ...fast(), smtp: null, attempts: 1 });
    expect(unset).toMatchObject({ ok: false, error: expect.stringContaining("SMTP_SERVER is not set") });
  });
});

describe("contact point input", () => {
  it.each([
    [{ kind: "webhook", name: "x", url: "ftp://example.org/hook" }, "url", "starting with https://"],
    [{ kind: "slack", name: "x", url: "not a url" }, "url", "starting with https://"],
    [{ kind: "email", name: "x", to: ["nobody"] }, "to", "not an e-mail address"],
    [{ kind: "matrix", name: "x", homeserver: "https://m.org", roomId: "ops", accessToken: "t" }, "roomId", "!abc"],
    [{ kind: "ntfy", name: "x", url: "https://ntfy.sh/" }, "url", "topic's address"],
    [{ kind: "pager", name: "x" }, "kind", "pick where alerts go"],
  ])("refuses %j with a clear message", (input, field, words) => {
    const result = contactPointInput.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join(".")).toContain(field === "kind" ? "" : field);
    expect(issue.message).toContain(words);
  });
});
