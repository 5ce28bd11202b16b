import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { registerHasher, unregisterHasher } from "@/lib/auth/hashing-load";
import { clientIp } from "@/lib/http/client-ip";
import type { ServerContext } from "./context";
import { createRequestListener } from "./http-server";

/**
 * What the server entry does to a request before Next sees it: the client's
 * address from the socket and the trusted proxies, and the body bounded by
 * its path's limit. Next is stood in for by a handler that reads the body
 * and reports what reached it.
 */
interface Seen {
  ip: string;
  bytes: number;
}

let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function start(trustedProxies?: string[]): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const context = () =>
    ({ config: { howdah: { publicUrl: "http://127.0.0.1", trustedProxies } } }) as unknown as ServerContext;
  const toNext = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    let bytes = 0;
    for await (const chunk of req) bytes += (chunk as Buffer).length;
    seen.push({ ip: clientIp(req.headers), bytes });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ bytes }));
  };
  server = http.createServer(createRequestListener(trustedProxies ? context : () => null!, toNext));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

/** Sends `total` bytes as a chunked body (no Content-Length), `size` bytes at a time, until answered. */
function sendChunked(
  url: string,
  total: number,
  size = 64 * 1024,
): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: { "content-type": "application/json" } });
    let sent = 0;
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body, sent }));
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(size, "a");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("the server entry's body limits", () => {
  it("refuses a sign-in body over 8 KB by its Content-Length, before anything reads it", async () => {
    const { base, seen } = await start();
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "a".repeat(9000),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toBe(
      "This request's body is larger than the 8 KB /api/auth/callback/credentials accepts.",
    );
    expect(seen).toEqual([]);
  });

  it("stops reading a 200 MB chunked sign-in body soon after its limit", async () => {
    const { base, seen } = await start();
    const result = await sendChunked(`${base}/api/auth/callback/credentials`, 200 * 1024 * 1024);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).error.code).toBe("payload_too_large");
    // The answer came while the client was still sending: far from all 200 MB went out.
    expect(result.sent).toBeLessThan(20 * 1024 * 1024);
    expect(seen).toEqual([]);
  });

  it("hands bodies within the limit on whole, chunked or not, and applies each path's limit", async () => {
    const { base, seen } = await start();
    const small = await sendChunked(`${base}/api/auth/callback/credentials`, 6 * 1024, 1024);
    expect(small.status).toBe(200);
    expect(JSON.parse(small.body)).toEqual({ bytes: 6 * 1024 });
    // 60 KB is over sign-in's limit but within other writes'.
    const chunked = await sendChunked(`${base}/api/relays`, 60 * 1024, 4096);
    expect(JSON.parse(chunked.body)).toEqual({ bytes: 60 * 1024 });
    const write = await fetch(`${base}/api/incidents`, { method: "POST", body: "b".repeat(60 * 1024) });
    expect(await write.json()).toEqual({ bytes: 60 * 1024 });
    const tooBig = await fetch(`${base}/api/incidents`, { method: "POST", body: "b".repeat(65 * 1024) });
    expect(tooBig.status).toBe(413);
    const job = await fetch(`${base}/api/queues/jobs/action`, { method: "POST", body: "c".repeat(5_000_000) });
    expect(await job.json()).toEqual({ bytes: 5_000_000 });
    expect(seen.map((s) => s.bytes)).toEqual([6 * 1024, 60 * 1024, 60 * 1024, 5_000_000]);
  });
});

describe("the server entry's client address", () => {
  it("believes X-Forwarded-For and X-Real-IP only from a trusted proxy, and replaces a forged stamp", async () => {
    // The default list trusts loopback, where this test's requests come from.
    const { base, seen } = await start();
    const forged = { "x-howdah-client-ip": "6.6.6.6", "x-howdah-client-ip-proof": "guess" };
    await fetch(`${base}/sign-in`, { headers: { ...forged, "x-forwarded-for": "6.6.6.6, 198.51.100.7" } });
    await fetch(`${base}/sign-in`, { headers: { "x-real-ip": "198.51.100.8" } });
    await fetch(`${base}/sign-in`, { headers: forged });
    expect(seen.map((s) => s.ip)).toEqual(["198.51.100.7", "198.51.100.8", "127.0.0.1"]);
  });

  it("takes the socket's address when the peer is not a configured proxy", async () => {
    const { base, seen } = await start(["192.0.2.1"]);
    await fetch(`${base}/sign-in`, { headers: { "x-forwarded-for": "198.51.100.7", "x-real-ip": "198.51.100.8" } });
    expect(seen.map((s) => s.ip)).toEqual(["127.0.0.1"]);
  });
});

describe("the server entry's sign-in shedding", () => {
  it("turns sign-ins away as busy, before Next, while the hashing pool is full", async () => {
    const { base, seen } = await start(["127.0.0.1"]);
    const pool = { full: true, saturated: () => pool.full };
    registerHasher(pool);
    try {
      const post = () =>
        fetch(`${base}/api/auth/callback/credentials`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "email=a%40b.c&password=x&json=true",
        });
      const busy = await post();
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("5");
      // The shape next-auth's client reads: the reason and message in the url's error.
      const { url } = (await busy.json()) as { url: string };
      expect(new URL(url).searchParams.get("error")).toMatch(/^busy:Howdah is checking too many sign-ins/);
      expect(seen).toEqual([]);
      pool.full = false;
      expect((await post()).status).toBe(200);
      expect(seen).toHaveLength(1);
    } finally {
      unregisterHasher(pool);
    }
  });
});
