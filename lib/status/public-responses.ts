import "server-only";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { ServerContext } from "@/lib/server/context";
import { renderFeed } from "./render/feed";
import { publicStatusJson, readingAgeSeconds } from "./render/json";
import { ageText, renderStatusPage } from "./render/page";
import { REFRESH_SCRIPT, REFRESH_SCRIPT_PATH, REFRESH_SCRIPT_VERSION } from "./render/refresh-script";
import { currentSnapshot, snapshotInMemory } from "./snapshot-cache";
import type { StatusSnapshot } from "@/lib/shared/status-types";

/**
 * The three public answers (page, JSON, feed), each rendered and gzipped
 * once per snapshot (and, for the page, per age label such as "2 minutes
 * ago") and then served from memory: a request costs a map lookup, not a
 * render, whatever the traffic when a slow server sends its members here.
 * ETags let browsers and proxies revalidate for free; `stale-if-error` lets
 * a CDN in front keep serving the page if Howdah itself goes down.
 */
/**
 * Readings older than this are flagged as possibly out of date: three missed
 * rounds of the status loop (in the web process itself), so one slow round
 * never raises it and a measuring that stopped does within three rounds; 90 s
 * at least, as with the default 30-second rounds.
 */
export const STALE_AFTER_MS = 90_000;
const staleAfterMs = (context: ServerContext) => Math.max(STALE_AFTER_MS, 3 * context.config.howdah.status.intervalMs);

export interface Prepared {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/** Rendered answers, oldest dropped first. */
const pages = new Map<string, Prepared>();
/** JSON answers, one per second (their age changes): apart, so they never push the page out. */
const jsons = new Map<string, Prepared>();
const MAX_ENTRIES = 16;

function prepare(cache: Map<string, Prepared>, key: string, render: () => string): Prepared {
  const hit = cache.get(key);
  if (hit) return hit;
  const body = Buffer.from(render());
  const prepared = {
    body,
    gzip: gzipSync(body),
    etag: `"${createHash("sha1").update(body).digest("base64url").slice(0, 20)}"`,
  };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, prepared);
  return prepared;
}

/** What a public answer needs from the request; the route handlers and the fast path both build it. */
export interface AnswerRequest {
  method: string;
  acceptEncoding: string | null;
  ifNoneMatch: string | null;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** What every answer says whatever the request: type, caching, ETag. */
function answerHeaders(prepared: Prepared, contentType: string, maxAge: number): Record<string, string> {
  return {
    "content-type": contentType,
    "cache-control": `public, max-age=${maxAge}, stale-while-revalidate=60, stale-if-error=86400`,
    etag: prepared.etag,
    vary: "accept-encoding",
    "x-content-type-options": "nosniff",
  };
}

/** Whether Accept-Encoding names gzip as a word (the fast path and answer() decide alike). */
export const acceptsGzip = (acceptEncoding: string | null | undefined): boolean =>
  /\bgzip\b/.test(acceptEncoding ?? "");

function answer(request: AnswerRequest, prepared: Prepared, contentType: string, maxAge: number): Answer {
  const headers = answerHeaders(prepared, contentType, maxAge);
  if (request.ifNoneMatch === prepared.etag) return { status: 304, headers, body: null };
  const gzip = acceptsGzip(request.acceptEncoding);
  const body = gzip ? prepared.gzip : prepared.body;
  if (gzip) headers["content-encoding"] = "gzip";
  headers["content-length"] = String(body.length);
  return { status: 200, headers, body: request.method === "HEAD" ? null : body };
}

const version = (domain: string, snapshot: StatusSnapshot | null) => `${domain}|${snapshot?.publishedAt ?? "none"}`;

export type PublicAnswerKind = "page" | "json" | "feed" | "script";

/** One public answer ready to send: its bytes and what its headers say. */
export interface ReadyAnswer {
  prepared: Prepared;
  contentType: string;
  maxAge: number;
}

/** The answer for this snapshot at this moment (rendered and gzipped once, then looked up). */
function readyAnswer(
  context: ServerContext,
  kind: PublicAnswerKind,
  snapshot: StatusSnapshot | null,
  nowMs: number,
): ReadyAnswer {
  if (kind === "script") {
    // The same for every snapshot; its address on the page carries its version, so it may be cached a day.
    const prepared = prepare(pages, `script|${REFRESH_SCRIPT_VERSION}`, () => REFRESH_SCRIPT);
    return { prepared, contentType: "text/javascript; charset=utf-8", maxAge: 86_400 };
  }
  const domain = context.config.mastodon.localDomain;
  if (kind === "json") {
    // Rendered again when the reading's age in whole seconds changes, so
    // `age_seconds` is exact to the second and a request still costs a map lookup.
    const age = readingAgeSeconds(snapshot, nowMs);
    const prepared = prepare(jsons, `json|${version(domain, snapshot)}|${age}|${staleAfterMs(context)}`, () =>
      JSON.stringify(publicStatusJson(snapshot, nowMs, staleAfterMs(context))),
    );
    return { prepared, contentType: "application/json; charset=utf-8", maxAge: 10 };
  }
  if (kind === "feed") {
    // Links from HOWDAH_URL only: a Host or X-Forwarded-Host header chosen by
    // a client must never end up in an answer that caches and proxies share.
    const prepared = prepare(pages, `feed|${version(domain, snapshot)}`, () =>
      renderFeed(snapshot, context.config.howdah.publicUrl, domain),
    );
    return { prepared, contentType: "application/atom+xml; charset=utf-8", maxAge: 60 };
  }
  const staleAfter = staleAfterMs(context);
  const stale = snapshot?.generatedAt ? nowMs - Date.parse(snapshot.generatedAt) > staleAfter : false;
  const { thresholds } = context.config.howdah.status;
  const prepared = prepare(pages, `page|${version(domain, snapshot)}|${ageText(snapshot, nowMs)}|${stale}`, () =>
    renderStatusPage(snapshot, {
      domain,
      nowMs,
      staleAfterMs: staleAfter,
      slowMs: { web: thresholds.web.degraded, streaming: thresholds.streaming.degraded },
      baseUrl: context.config.howdah.publicUrl,
      scriptSrc: `${REFRESH_SCRIPT_PATH}?v=${REFRESH_SCRIPT_VERSION}`,
    }),
  );
  return { prepared, contentType: "text/html; charset=utf-8", maxAge: 10 };
}

export async function answerStatus(
  context: ServerContext,
  kind: PublicAnswerKind,
  request: AnswerRequest,
): Promise<Answer> {
  const snapshot = kind === "script" ? null : await currentSnapshot(context);
  const { prepared, contentType, maxAge } = readyAnswer(context, kind, snapshot, Date.now());
  return answer(request, prepared, contentType, maxAge);
}

/**
 * For the server's fast path: the answer without a promise, from the
 * snapshot in memory, or null when there is none yet (answerStatus waits).
 * The lookup itself (age label, cache key) is done at most every
 * LOOKUP_REUSE_MS per kind: the labels change by the second at the finest,
 * and at thousands of requests a second the key strings were a cost of
 * their own.
 */
const LOOKUP_REUSE_MS = 200;
const lookups = new WeakMap<
  ServerContext,
  Map<PublicAnswerKind, { snapshot: unknown; until: number; ready: ReadyAnswer }>
>();

export function readyAnswerNow(context: ServerContext, kind: PublicAnswerKind): ReadyAnswer | null {
  const snapshot = kind === "script" ? null : snapshotInMemory(context);
  if (snapshot === undefined) return null;
  const nowMs = Date.now();
  let byKind = lookups.get(context);
  if (!byKind) lookups.set(context, (byKind = new Map()));
  const last = byKind.get(kind);
  if (last && last.snapshot === snapshot && nowMs < last.until) return last.ready;
  const ready = readyAnswer(context, kind, snapshot, nowMs);
  byKind.set(kind, { snapshot, until: nowMs + LOOKUP_REUSE_MS, ready });
  return ready;
}

/** The three ways one answer goes out, as flat header lists for writeHead, built once per answer. */
export interface RawHeaders {
  gzip: string[];
  plain: string[];
  notModified: string[];
}
const rawHeaders = new WeakMap<Prepared, { extra: readonly (readonly [string, string])[]; raw: RawHeaders }>();

/**
 * The same headers answer() gives, with `extra` after them, as the flat
 * lists Node's writeHead takes without copying or lower-casing anything.
 */
export function rawHeadersFor(ready: ReadyAnswer, extra: readonly (readonly [string, string])[]): RawHeaders {
  const hit = rawHeaders.get(ready.prepared);
  if (hit && hit.extra === extra) return hit.raw;
  const { prepared, contentType, maxAge } = ready;
  const headers = answerHeaders(prepared, contentType, maxAge);
  for (const [name, value] of extra) headers[name] = value;
  const common = Object.entries(headers).flat();
  const raw: RawHeaders = {
    gzip: [...common, "content-encoding", "gzip", "content-length", String(prepared.gzip.length)],
    plain: [...common, "content-length", String(prepared.body.length)],
    notModified: common,
  };
  rawHeaders.set(prepared, { extra, raw });
  return raw;
}

/**
 * For Next's route handlers. Next compresses route-handler responses itself
 * (and drops a handler's own content-encoding, so a pre-gzipped body would be
 * gzipped twice): here the plain body is always handed over.
 */
export function fromRequest(request: Request): AnswerRequest {
  return { method: request.method, acceptEncoding: null, ifNoneMatch: request.headers.get("if-none-match") };
}

export function toResponse(a: Answer): Response {
  return new Response(a.body ? new Uint8Array(a.body) : null, { status: a.status, headers: a.headers });
}

/** For the route handlers: one public answer as a Response. */
export async function statusRoute(kind: PublicAnswerKind, context: ServerContext, request: Request): Promise<Response> {
  return toResponse(await answerStatus(context, kind, fromRequest(request)));
}
