import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchList } from "./fetch-list";
import { readList } from "./read-list";

/** fetchList against a local server: validators sent, 304, errors, HTML, a size cap and a server that never answers. */
let server: http.Server;
let base: string;
const seen: http.IncomingHttpHeaders[] = [];
const limits = { timeoutMs: 500, maxBytes: 1024 };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === "/etag") {
      if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304).end();
      return void res
        .writeHead(200, { etag: '"v1"', "content-type": "text/csv" })
        .end("#domain,#severity\na.test,suspend\n");
    }
    if (req.url === "/error") return void res.writeHead(503, "Service Unavailable").end("down");
    if (req.url === "/html") return void res.writeHead(200, { "content-type": "text/html" }).end("<html></html>");
    if (req.url === "/big")
      return void res.writeHead(200, { "content-type": "text/plain" }).end("x.test\n".repeat(1000));
    if (req.url === "/hang") return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("fetching a blocklist", () => {
  it("sends the validators it was given and reads a 304 as not modified", async () => {
    const first = await fetchList(`${base}/etag`, { etag: null, lastModified: null }, limits);
    expect(first).toMatchObject({ status: "ok", etag: '"v1"' });
    expect(
      await fetchList(`${base}/etag`, { etag: '"v1"', lastModified: "Tue, 01 Dec 2026 10:00:00 GMT" }, limits),
    ).toEqual({ status: "not_modified" });
    expect(seen.at(-1)).toMatchObject({
      "if-none-match": '"v1"',
      "if-modified-since": "Tue, 01 Dec 2026 10:00:00 GMT",
    });
  });

  it("says why when the answer is an error, HTML, too large, or does not come in time", async () => {
    const none = { etag: null, lastModified: null };
    expect(await fetchList(`${base}/error`, none, limits)).toEqual({
      status: "failed",
      error: "The server answered HTTP 503 Service Unavailable.",
    });
    expect(await fetchList(`${base}/html`, none, limits)).toMatchObject({ status: "failed", error: /HTML page/ });
    expect(await fetchList(`${base}/big`, none, limits)).toMatchObject({ status: "failed", error: /larger than/ });
    expect(await fetchList(`${base}/hang`, none, limits)).toMatchObject({
      status: "failed",
      error: "No complete answer within 0.5 s.",
    });
    expect(await fetchList("http://127.0.0.1:1/", none, limits)).toMatchObject({
      status: "failed",
      error: /ECONNREFUSED/,
    });
  });
});

describe("reading a fetched list", () => {
  it("takes the import's formats, and refuses HTML, garbage and a plain list without a severity", () => {
    expect(readList(Buffer.from("#domain,#severity\na.test,silence\n"), null)).toMatchObject({
      ok: true,
      format: "mastodon",
      entries: [{ domain: "a.test", severity: "silence" }],
    });
    expect(readList(Buffer.from("domain,severity,private_comment\nb.test,suspend,x\n"), null)).toMatchObject({
      ok: true,
      format: "fediblockhole",
    });
    expect(readList(Buffer.from("c.test\nd.test\n"), "silence")).toMatchObject({
      ok: true,
      format: "plain",
      entries: [{ severity: "silence" }, { severity: "silence" }],
    });
    expect(readList(Buffer.from("c.test\n"), null)).toMatchObject({ ok: false, error: /choose the severity/ });
    expect(readList(Buffer.from("\uFEFF<!DOCTYPE html><html>…"), "suspend")).toMatchObject({
      ok: false,
      error: /HTML/,
    });
    expect(readList(Buffer.from("not a list at all\nsee? ???\n!!\nok.test\n"), "suspend")).toMatchObject({
      ok: false,
      error: /Most lines are not blocklist rows/,
    });
    expect(readList(Buffer.from([0, 1, 2, 3]), "suspend")).toMatchObject({ ok: false, error: /not a text file/ });
  });
});
