import { expect, test } from "@playwright/test";

/**
 * Under `npm start` (Playwright's webServer), Howdah's own HTTP server
 * (lib/server/http-server.ts) answers GET and HEAD of the three public status
 * paths itself, marked `x-howdah-answer: fast-path`, and hands everything
 * else to Next, which never sets that header.
 */
const FAST = "x-howdah-answer";

test("the status page, its feed and /api/status are answered by the fast path, not by Next", async ({ request }) => {
  const page = await request.get("/status?utm_source=toot", { headers: { "accept-encoding": "gzip" } });
  expect(page.status()).toBe(200);
  expect(page.headers()[FAST]).toBe("fast-path");
  expect(page.headers()["content-encoding"]).toBe("gzip");
  expect(await page.text()).toContain("<h1>Server status</h1>");

  // The snapshot is republished at every refresh, so a new one may land between the two requests:
  // a conditional request with the ETag just served answers 304 within a few tries.
  let revalidated = await request.get("/status", { headers: { "if-none-match": page.headers().etag! } });
  for (let tries = 1; revalidated.status() === 200 && tries < 3; tries++) {
    const etag = (await request.get("/status", { headers: { "accept-encoding": "gzip" } })).headers().etag!;
    revalidated = await request.get("/status", { headers: { "if-none-match": etag } });
  }
  expect(revalidated.status()).toBe(304);
  expect(revalidated.headers()[FAST]).toBe("fast-path");

  const head = await request.head("/status");
  expect(head.status()).toBe(200);
  expect(head.headers()[FAST]).toBe("fast-path");

  const json = await request.get("/api/status");
  expect(json.headers()[FAST]).toBe("fast-path");
  expect((await json.json()).components).toHaveLength(8);

  const feed = await request.get("/status/feed.xml");
  expect(feed.headers()[FAST]).toBe("fast-path");
  expect(feed.headers()["content-type"]).toContain("application/atom+xml");
});

test("every other request reaches Next", async ({ request }) => {
  const signIn = await request.get("/sign-in");
  expect(signIn.status()).toBe(200);
  expect(signIn.headers()[FAST]).toBeUndefined();
  expect(await signIn.text()).toContain("/_next/static/");

  // Next's own answers: its trailing-slash redirect, the route handler's 405 for
  // a method it does not export, an unknown address (the shell sends a signed-out
  // visitor to sign in rather than say which pages exist), an unknown API, a
  // staff-only API.
  for (const [path, method, status] of [
    ["/status/", "GET", 308],
    ["/api/status", "POST", 405],
    ["/statusx", "GET", 307],
    ["/api/status/x", "GET", 404],
    ["/api/queues", "GET", 401],
  ] as const) {
    const other = await request.fetch(path, { method, maxRedirects: 0 });
    expect(other.headers()[FAST], `${method} ${path}`).toBeUndefined();
    expect(other.status(), `${method} ${path}`).toBe(status);
  }
});

test("every answer, fast path or Next, forbids framing and sniffing", async ({ request }) => {
  for (const path of ["/status", "/api/status", "/sign-in", "/api/queues"]) {
    const headers = (await request.get(path, { maxRedirects: 0 })).headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
  }
});
