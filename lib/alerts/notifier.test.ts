import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHttpTestReceiver, type HttpTestReceiver } from "@/dev/testing/http-test-receiver";
import { startSmtpTestServer, type SmtpTestServer } from "@/dev/testing/smtp-test-server";
import { createTestInstance, type TestInstance } from "@/dev/testing/test-instance";
import type { StatusSnapshot } from "@/lib/shared/status-types";
import { saveSnapshotToStore } from "@/lib/status/snapshot-store";
import type { Store } from "@/lib/store/connection";
import {
  addContactPoint,
  addSilence,
  alertingOverview,
  endSilence,
  removeContactPoint,
  setNotifyPolicy,
  testContactPoint,
} from "./alerting-actions";
import { policyInput, silenceInput } from "./alerting-input";
import { currentConditions } from "./conditions";
import { contactPointInput } from "./contact-point-input";
import { runAlertCycle, sameStates } from "./notifier";
import type { FiringCondition } from "./notifier-state";

/**
 * The worker's alert cycle against Howdah's real store, sending to an HTTP
 * receiver and an SMTP server the test starts: pending period, firing,
 * a failed send shown and retried, repeat, resolved, silences, test sends,
 * and bad input that changes nothing.
 */
const STAFF = { accountId: "1", acct: "admin" };
let instance: TestInstance;
let store: Store;
let http: HttpTestReceiver;
let smtp: SmtpTestServer;

const push: FiringCondition = {
  id: "latency:push",
  severity: "warning",
  title: "Outgoing federation 9 min behind",
  message: "Posts sent to other servers are running 9 min behind.",
};
const t0 = Date.UTC(2026, 2, 1, 10, 0);
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const cycle = (minutes: number, conditions: FiringCondition[]) =>
  runAlertCycle(instance.context, at(minutes), { conditions, backoffMs: 0, attempts: 2 });
const bodies = () => http.requests.map((r) => JSON.parse(r.body) as { status: string; alertId: string });

beforeAll(async () => {
  http = await startHttpTestReceiver();
  smtp = await startSmtpTestServer();
  instance = await createTestInstance("alert_notifier", "4.6", {
    SMTP_SERVER: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    SMTP_FROM_ADDRESS: "notifications@example.social",
  });
  store = await instance.context.store();
});
afterAll(async () => {
  await instance?.close();
  await http?.close();
  await smtp?.close();
});
beforeEach(async () => {
  http.requests.length = 0;
  smtp.received.length = 0;
  await store.pool.query(
    "TRUNCATE howdah.alert_contact_points, howdah.alert_silences, howdah.alert_states, howdah.alert_policy",
  );
});

const webhook = () =>
  addContactPoint(
    instance.context,
    contactPointInput.parse({ kind: "webhook", name: "ops", url: `${http.url}/h` }),
    STAFF,
  );

describe("the alert cycle", () => {
  it("waits the pending period, fires once, repeats at the interval, and says when it resolved", async () => {
    await webhook();
    await setNotifyPolicy(instance.context, policyInput.parse({ pending: "5m", repeat: "1h" }), STAFF);
    expect(await cycle(0, [push])).toMatchObject({ pending: 1, firing: 0, sent: 0 });
    expect(await cycle(4, [push])).toMatchObject({ pending: 1, sent: 0 });
    expect(await cycle(5, [push])).toMatchObject({ firing: 1, sent: 1 });
    expect(await cycle(30, [push])).toMatchObject({ firing: 1, sent: 0 });
    expect(await cycle(65, [push])).toMatchObject({ sent: 1 });
    expect(await cycle(66, [])).toMatchObject({ firing: 0, sent: 1 });
    expect(bodies().map((b) => `${b.status}:${b.alertId}`)).toEqual([
      "firing:latency:push",
      "firing:latency:push",
      "resolved:latency:push",
    ]);
    expect((await alertingOverview(instance.context)).alerts).toEqual([]);
  });

  it("shows a failed send on the contact point and sends it again at the next cycle", async () => {
    const point = await webhook();
    await setNotifyPolicy(instance.context, policyInput.parse({ pending: "0s", repeat: "4h" }), STAFF);
    http.answerNext(500, 500);
    expect(await cycle(0, [push])).toMatchObject({ sent: 0, failed: 1 });
    const failed = (await alertingOverview(instance.context)).contactPoints.find((p) => p.id === point.id)!;
    expect(failed.lastError).toMatch(/answered 500 Internal Server Error/);
    expect(failed.lastErrorAt).toBe(at(0).toISOString());
    expect(await cycle(1, [push])).toMatchObject({ sent: 1, failed: 0 });
    const fixed = (await alertingOverview(instance.context)).contactPoints[0]!;
    expect(fixed).toMatchObject({ lastError: null, lastSentAt: at(1).toISOString() });
    expect(http.requests).toHaveLength(3);
  });

  it("holds messages back during a silence, and sends once it has ended", async () => {
    await webhook();
    await setNotifyPolicy(instance.context, policyInput.parse({ pending: "0s", repeat: "4h" }), STAFF);
    const silence = await addSilence(
      instance.context,
      silenceInput.parse({ matcher: "latency:*", duration: "2h" }),
      STAFF,
    );
    // The silence runs from the real clock; the cycle's times are read against it.
    const during = (Date.now() - t0) / 60_000;
    expect(await cycle(during, [push])).toMatchObject({ firing: 1, sent: 0 });
    await endSilence(instance.context, silence.id, STAFF);
    expect(await cycle(during + 1, [push])).toMatchObject({ sent: 1 });
    expect((await alertingOverview(instance.context)).silences).toEqual([]);
  });

  it("sends e-mail through Mastodon's SMTP settings", async () => {
    await addContactPoint(
      instance.context,
      contactPointInput.parse({ kind: "email", name: "admins", to: ["admin@example.social"] }),
      STAFF,
    );
    await setNotifyPolicy(instance.context, policyInput.parse({ pending: "0s", repeat: "4h" }), STAFF);
    await cycle(0, [{ ...push, severity: "critical" }]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ from: "notifications@example.social", to: ["admin@example.social"] });
  });

  it("raises a condition for each degraded or down component of the status page", async () => {
    const component = (id: string, state: string) => ({ id, name: id, state, message: `${id} is ${state}` });
    await saveSnapshotToStore(store, {
      version: 1,
      publishedAt: new Date().toISOString(),
      generatedAt: new Date().toISOString(),
      domain: "example.social",
      components: [component("federation", "degraded"), component("web", "outage"), component("redis", "maintenance")],
      uptime: {},
      responseTimes: { web: [], streaming: [] },
      incidents: [],
    } as unknown as StatusSnapshot);
    const conditions = await currentConditions(instance.context, store);
    expect(conditions.filter((c) => c.id.startsWith("component:")).map((c) => `${c.id}=${c.severity}`)).toEqual([
      "component:federation=warning",
      "component:web=critical",
    ]);
  });
});

describe("the Alerts page's actions", () => {
  it("sends a test to a contact point and says how it went, audited", async () => {
    const point = await webhook();
    expect(await testContactPoint(instance.context, point.id, STAFF, { backoffMs: 0 })).toEqual({
      ok: true,
      error: null,
    });
    expect(JSON.parse(http.requests[0]!.body)).toMatchObject({ status: "test" });
    http.answerNext(404, 404);
    const failed = await testContactPoint(instance.context, point.id, STAFF, { backoffMs: 0 });
    expect(failed).toMatchObject({ ok: false, error: expect.stringContaining("answered 404 Not Found") });
    const { rows } = await store.pool.query<{ action: string }>(
      "SELECT action FROM howdah.audit_log WHERE target_type = 'contact_point' AND target = $1 ORDER BY id",
      [point.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      "alerts.contact_point.create",
      "alerts.contact_point.test",
      "alerts.contact_point.test",
    ]);
  });

  it("shows a Slack address by its host only", async () => {
    await addContactPoint(
      instance.context,
      contactPointInput.parse({ kind: "slack", name: "s", url: "https://hooks.slack.com/services/T0/B0/secret" }),
      STAFF,
    );
    const [point] = (await alertingOverview(instance.context)).contactPoints;
    expect(point!.target).toBe("hooks.slack.com");
    expect(JSON.stringify(await alertingOverview(instance.context))).not.toContain("secret");
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    expect(policyInput.safeParse({ pending: "5 minutes", repeat: "4h" }).error!.issues[0]!.message).toBe(
      'give the pending period like 30s, 5m, 2h or 1d; "5 minutes" is not one.',
    );
    expect(policyInput.safeParse({ pending: "5m", repeat: "10s" }).success).toBe(false);
    expect(silenceInput.safeParse({ matcher: "latency push", duration: "1h" }).success).toBe(false);
    expect(contactPointInput.safeParse({ kind: "webhook", name: "x", url: "file:///etc/passwd" }).success).toBe(false);
    await expect(removeContactPoint(instance.context, "999999", STAFF)).rejects.toThrow(
      "There is no contact point number 999999.",
    );
    expect((await alertingOverview(instance.context)).contactPoints).toEqual([]);
  });
});

describe("whether a cycle changed the states (an unchanged cycle writes nothing)", () => {
  const row = (id: string, over: Partial<Parameters<typeof sameStates>[0][number]> = {}) => ({
    id,
    state: "firing" as const,
    severity: "warning" as const,
    title: `t ${id}`,
    message: `m ${id}`,
    since: "2026-01-01T00:00:00.000Z",
    notifiedAt: null,
    notifiedSeverity: null,
    ...over,
  });

  it("the same rows in another order are the same", () => {
    expect(sameStates([row("a"), row("b")], [row("b"), row("a")])).toBe(true);
  });

  it("a new, a gone, or a changed row is a change", () => {
    expect(sameStates([row("a")], [row("a"), row("b")])).toBe(false);
    expect(sameStates([row("a"), row("b")], [row("a"), row("c")])).toBe(false);
    expect(sameStates([row("a")], [row("a", { severity: "critical" })])).toBe(false);
    expect(sameStates([row("a")], [row("a", { message: "grew" })])).toBe(false);
    expect(sameStates([row("a")], [row("a", { notifiedAt: "2026-01-01T00:01:00.000Z" })])).toBe(false);
  });
});
