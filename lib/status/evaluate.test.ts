import { describe, expect, it } from "vitest";
import { evaluateComponents, overallLine, type SidekiqReading, type StatusReadings } from "./evaluate";
import { DEFAULT_STATUS_THRESHOLDS } from "./thresholds";
import type { ComponentId, ComponentState } from "@/lib/shared/status-types";

const healthy: StatusReadings = {
  web: { outcome: "ok", ms: 120, status: 200 },
  streaming: { outcome: "ok", ms: 40, status: 200 },
  database: { ok: true, latencyMs: 2 },
  redis: { ok: true, latencyMs: 1 },
  sidekiq: { queues: [], processesAlive: 2, mailFailures: 0 },
  media: null,
  probeTimeoutMs: 5000,
};

function evaluate(patch: Partial<StatusReadings>, sidekiq?: Partial<SidekiqReading>) {
  const readings = { ...healthy, ...patch, ...(sidekiq ? { sidekiq: { ...healthy.sidekiq!, ...sidekiq } } : {}) };
  return Object.fromEntries(evaluateComponents(readings, DEFAULT_STATUS_THRESHOLDS).map((c) => [c.id, c]));
}

const q = (name: string, latencyMinutes: number, size = 100) => ({ name, size, latencySeconds: latencyMinutes * 60 });

describe("component states", () => {
  it("lists every component in the page's order, all operational on a healthy server", () => {
    const all = evaluateComponents(healthy, DEFAULT_STATUS_THRESHOLDS);
    expect(all.map((c) => c.id)).toEqual([
      "web",
      "streaming",
      "federation",
      "background_jobs",
      "email",
      "media",
      "database",
      "redis",
    ]);
    expect(all.filter((c) => c.id !== "media").every((c) => c.state === "operational")).toBe(true);
    expect(overallLine(all)).toEqual({
      state: "operational",
      text: "Everything is working normally",
    });
  });

  it("federation: ingress late by 12 minutes reads as members would say it", () => {
    const c = evaluate({}, { queues: [q("ingress", 12)] });
    expect(c.federation).toMatchObject({
      state: "degraded",
      message: "Posts from other servers are arriving about 12 minutes late.",
    });
    expect(evaluate({}, { queues: [q("ingress", 45)] }).federation!.state).toBe("outage");
    expect(evaluate({}, { queues: [q("ingress", 1)] }).federation!.state).toBe("operational");
  });

  it("federation: several late queues are all named, the worst sets the state", () => {
    const c = evaluate({}, { queues: [q("ingress", 3), q("push", 90), q("pull", 10)] });
    expect(c.federation!.state).toBe("outage");
    expect(c.federation!.message).toBe(
      "Posts from other servers are arriving about 3 minutes late; your posts are reaching other servers about " +
        "1.5 hours late.",
    );
  });

  it("an old job in an empty queue does not count (latency needs a waiting job)", () => {
    expect(evaluate({}, { queues: [q("ingress", 60, 0)] }).federation!.state).toBe("operational");
  });

  it("background jobs: no Sidekiq process alive is an outage; a late default queue is degraded", () => {
    expect(evaluate({}, { processesAlive: 0 }).background_jobs).toMatchObject({
      state: "outage",
      message: expect.stringContaining("Background work has stopped"),
    });
    expect(evaluate({}, { queues: [q("default", 4)] }).background_jobs).toMatchObject({
      state: "degraded",
      message: "Home timelines and notifications are running about 4 minutes late.",
    });
  });

  it("e-mail: late mailers and failing deliveries", () => {
    expect(evaluate({}, { queues: [q("mailers", 15)] }).email).toMatchObject({
      state: "degraded",
      message: "E-mails are going out about 15 minutes late.",
    });
    expect(evaluate({}, { mailFailures: 12 }).email).toMatchObject({
      state: "degraded",
      message: "Some e-mails could not be sent and are being retried.",
    });
    expect(evaluate({}, { mailFailures: 500 }).email!.state).toBe("outage");
    expect(evaluate({}).email!.message).toBe("E-mails are going out normally.");
  });

  it("Sidekiq unreadable: the queue components are not measured, not guessed", () => {
    const c = evaluate({ sidekiq: null });
    for (const id of ["federation", "background_jobs", "email"]) expect(c[id]!.state).toBe("unknown");
  });

  it("database and Redis: down is an outage, slow is degraded", () => {
    expect(evaluate({ database: { ok: false, latencyMs: null } }).database!.state).toBe("outage");
    expect(evaluate({ redis: { ok: true, latencyMs: 800 } }).redis!.state).toBe("degraded");
  });

  it("media follows the storage forecast, and is not measured without one", () => {
    expect(evaluate({}).media).toMatchObject({
      state: "unknown",
      message: "Not measured: Howdah does not know the storage's size yet.",
    });
    expect(evaluate({ media: { state: "degraded", message: "Storage fills up in about 9 days." } }).media!.state).toBe(
      "degraded",
    );
  });

  it("the overall line: unknown is never read as better than a measured state; media not set up is left out", () => {
    const line = (states: Partial<Record<string, ComponentState>>) =>
      overallLine(Object.entries(states).map(([id, state]) => ({ id: id as ComponentId, state: state! })));
    expect(line({ web: "operational", federation: "unknown" })).toEqual({
      state: "unknown",
      text: "Some parts of the server cannot be checked right now",
    });
    expect(line({ web: "operational", media: "unknown" }).state).toBe("operational");
    expect(line({ federation: "unknown", background_jobs: "outage" }).state).toBe("outage");
    expect(line({ federation: "unknown", web: "degraded" }).text).toBe("Some parts of the server are slow");
    expect(line({ web: "degraded", streaming: "outage" }).text).toBe("Some parts of the server are down");
    expect(line({ federation: "unknown" }).text).toBe("The server's state cannot be checked right now");
  });
});

it("a Sidekiq Redis that cannot be read does not turn stopped background jobs into 'working normally'", () => {
  const T = DEFAULT_STATUS_THRESHOLDS;
  const stopped = evaluateComponents({ ...healthy, sidekiq: { ...healthy.sidekiq!, processesAlive: 0 } }, T);
  expect(overallLine(stopped).state).toBe("outage");
  const unreadable = evaluateComponents({ ...healthy, sidekiq: null }, T);
  expect(unreadable.find((c) => c.id === "background_jobs")!.state).toBe("unknown");
  expect(overallLine(unreadable).state).not.toBe("operational");
});

describe("one Sidekiq figure unreadable (a key of the wrong type): only what depends on it is unknown", () => {
  const unreadable = (name: string) => ({ name, size: null, latencySeconds: null });

  it("an unreadable push queue makes federation unknown, not operational; a measured outage still wins", () => {
    const c = evaluate({}, { queues: [unreadable("push")] });
    expect(c.federation).toMatchObject({
      state: "unknown",
      message: "How late posts going to other servers is cannot be checked right now.",
    });
    expect(c.background_jobs!.state).toBe("operational");
    expect(c.email!.state).toBe("operational");
    const worse = evaluate({}, { queues: [unreadable("push"), q("ingress", 45)] }).federation!;
    expect(worse.state).toBe("outage");
    expect(worse.message).toMatch(/^Posts from other servers are arriving about 45 minutes late; how late posts/);
  });

  it("a queue outside the page's five (queue:x) changes nothing", () => {
    const all = evaluateComponents(
      { ...healthy, sidekiq: { ...healthy.sidekiq!, queues: [unreadable("x")] } },
      DEFAULT_STATUS_THRESHOLDS,
    );
    expect(all.filter((c) => c.id !== "media").every((c) => c.state === "operational")).toBe(true);
  });

  it("no processes alive stays an outage however other figures read; unreadable processes are unknown", () => {
    const c = evaluate({}, { processesAlive: 0, queues: [unreadable("default"), unreadable("push")] });
    expect(c.background_jobs!.state).toBe("outage");
    expect(overallLine(Object.values(c)).state).toBe("outage");
    expect(evaluate({}, { processesAlive: null }).background_jobs!.state).toBe("unknown");
    expect(evaluate({}, { processesAlive: null, queues: [q("default", 4)] }).background_jobs!.state).toBe("degraded");
  });

  it("e-mail: unreadable mailers queue or retry sample is unknown; many failures still an outage", () => {
    expect(evaluate({}, { mailFailures: null }).email).toMatchObject({
      state: "unknown",
      message: "Whether e-mails are going out cannot be checked right now.",
    });
    expect(evaluate({}, { queues: [unreadable("mailers")], mailFailures: 500 }).email!.state).toBe("outage");
  });
});
