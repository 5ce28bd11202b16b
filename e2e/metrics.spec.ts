import { expect, test } from "@playwright/test";
import { E2E_METRICS_TOKEN } from "../dev/testing/e2e-instance";

test("/metrics answers Prometheus text to the bearer token, and 401 without it", async ({ request }) => {
  const denied = await request.get("/metrics", { maxRedirects: 0 });
  expect(denied.status()).toBe(401);
  const wrong = await request.get("/metrics", { headers: { authorization: "Bearer not-the-token-at-all" } });
  expect(wrong.status()).toBe(401);
  // The right token outside the Bearer scheme is refused too.
  const bare = await request.get("/metrics", { headers: { authorization: E2E_METRICS_TOKEN } });
  expect(bare.status()).toBe(401);
  const ok = await request.get("/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(ok.status()).toBe(200);
  expect(ok.headers()["content-type"]).toContain("text/plain; version=0.0.4");
  const body = await ok.text();
  expect(body).toMatch(/^# TYPE mastodon_users gauge$/m);
  expect(body).toMatch(/^mastodon_users \d+$/m);
  expect(body).toMatch(/^howdah_collector_up\{collector="instance"\} 1$/m);
  // Report triage: the open queue and how long its oldest report has waited (the instance has open reports).
  expect(body).toMatch(/^mastodon_reports_open [1-9]\d*$/m);
  expect(body).toMatch(/^mastodon_reports_oldest_open_seconds [1-9]\d*$/m);
  expect(body).toMatch(/^howdah_collector_up\{collector="reports"\} 1$/m);
});
