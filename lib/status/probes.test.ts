import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STATUS_THRESHOLDS } from "./thresholds";
import { evaluateComponents, type StatusReadings } from "./evaluate";
import { probeHttp } from "./probes";
import { startHealthServer, type HealthServer } from "@/dev/testing/status-test-servers";

/** The HTTP probe and the Web/Streaming states, against local servers on 127.0.0.1. */
let server: HealthServer;
beforeAll(async () => {
  server = await startHealthServer("/health");
});
afterAll(async () => {
  await server.close();
});

const TIMEOUT = 800;

function webState(probe: Awaited<ReturnType<typeof probeHttp>>) {
  const readings: StatusReadings = {
    web: probe,
    streaming: probe,
    database: { ok: true, latencyMs: 1 },
    redis: { ok: true, latencyMs: 1 },
    sidekiq: null,
    media: null,
    probeTimeoutMs: TIMEOUT,
  };
  const thresholds = {
    ...DEFAULT_STATUS_THRESHOLDS,
    web: { degraded: 300, outage: null },
    streaming: { degraded: 300, outage: null },
  };
  const [web, streaming] = evaluateComponents(readings, thresholds);
  return { web: web!, streaming: streaming! };
}

describe("probing a health check", () => {
  it("healthy: answers fast, operational", async () => {
    server.behave({ kind: "healthy" });
    const probe = await probeHttp(server.url, TIMEOUT);
    expect(probe).toMatchObject({ outcome: "ok", status: 200 });
    expect(probe.ms).toBeLessThan(300);
    const { web, streaming } = webState(probe);
    expect(web.state).toBe("operational");
    expect(web.message).toMatch(/^Working normally: the server answers in [\d.]+ seconds?\.$/);
    expect(streaming).toMatchObject({
      state: "operational",
      message: "New posts and notifications appear as they happen.",
    });
  });

  it("slow: answers after the slow threshold, degraded with how long it took", async () => {
    server.behave({ kind: "slow", delayMs: 450 });
    const probe = await probeHttp(server.url, TIMEOUT);
    expect(probe.outcome).toBe("ok");
    expect(probe.ms).toBeGreaterThanOrEqual(440);
    const { web, streaming } = webState(probe);
    expect(web.state).toBe("degraded");
    expect(web.message).toMatch(/^The website and apps are slow: the server takes about 0\.\d seconds to answer\.$/);
    expect(streaming.state).toBe("degraded");
  });

  it("failing: a 503 is an outage", async () => {
    server.behave({ kind: "failing" });
    const probe = await probeHttp(server.url, TIMEOUT);
    expect(probe).toMatchObject({ outcome: "error_status", status: 503 });
    const { web, streaming } = webState(probe);
    expect(web).toMatchObject({
      state: "outage",
      message: "The website and apps are not working: the server answers with an error.",
      responseMs: null,
    });
    expect(streaming.message).toBe(
      "Live updates are not working: new posts and notifications appear only when you refresh.",
    );
  });

  it("hanging: no answer within the timeout is an outage, and the probe returns on time", async () => {
    server.behave({ kind: "hanging" });
    const started = performance.now();
    const probe = await probeHttp(server.url, TIMEOUT);
    const took = performance.now() - started;
    expect(probe).toEqual({ outcome: "timeout", ms: null, status: null });
    expect(took).toBeGreaterThanOrEqual(TIMEOUT - 20);
    expect(took).toBeLessThan(TIMEOUT + 500);
    expect(webState(probe).web).toMatchObject({
      state: "outage",
      message: "The website and apps are not working: the server did not answer within 0.8 seconds.",
    });
  });

  it("refused: nothing listening is an outage", async () => {
    const probe = await probeHttp("http://127.0.0.1:1/health", TIMEOUT);
    expect(probe.outcome).toBe("unreachable");
    expect(webState(probe).web).toMatchObject({
      state: "outage",
      message: "The website and apps are not working: the server cannot be reached.",
    });
  });

  it("never puts the probed address in a message", async () => {
    for (const behaviour of [{ kind: "healthy" }, { kind: "failing" }] as const) {
      server.behave(behaviour);
      const { web, streaming } = webState(await probeHttp(server.url, TIMEOUT));
      expect(`${web.message} ${streaming.message}`).not.toMatch(/127\.0\.0\.1|localhost|:\d{2,5}|\/health/);
    }
  });
});
