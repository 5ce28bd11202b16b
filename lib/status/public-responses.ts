import "server-only";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { ServerContext } from "@/lib/server/context";
import { renderFeed } from "./render/feed";
import { publicStatusJson, readingAgeSeconds } from "./render/json";
import { ageText, renderStatusPage } from "./render/page";
import { REFRESH_SCRIPT, REFRESH_SCRIPT_PATH, REFRESH_SCRIPT_VERSION } from "./render/refresh-script";
import { currentSnapshot } from "./snapshot-cache";
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

interface Prepared {
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

function answer(request: AnswerRequest, prepared: Prepared, contentType: string, maxAge: number): Answer {
  const headers: Record<string, string> = {
    "content-type": contentType,
    "cache-control": `public, max-age=${maxAge}, stale-while-revalidate=60, stale-if-error=86400`,
    etag: prepared.etag,
    vary: "accept-encoding",
    "x-content-type-options": "nosniff",
  };
  if (request.ifNoneMatch === prepared.etag) return { status: 304, headers, body: null };
  const gzip = /\bgzip\b/.test(request.acceptEncoding ?? "");
  const body = gzip ? prepared.gzip : prepared.body;
  if (gzip) headers["content-encoding"] = "gzip";
  headers["content-length"] = String(body.length);
  return { status: 200, headers, body: request.method === "HEAD" ? null : body };
}

const version = (domain: string, snapshot: StatusSnapshot | null) => `${domain}|${snapshot?.publishedAt ?? "none"}`;

export type PublicAnswerKind = "page" | "json" | "feed" | "script";

export async function answerStatus(
  context: ServerContext,
  kind: PublicAnswerKind,
  request: AnswerRequest,
): Promise<Answer> {
  if (kind === "script") {
    // The same for every snapshot; its address on the page carries its version, so it may be cached a day.
    const prepared = prepare(pages, `script|${REFRESH_SCRIPT_VERSION}`, () => REFRESH_SCRIPT);
    return answer(request, prepared, "text/javascript; charset=utf-8", 86_400);
  }
  const snapshot = await currentSnapshot(context);
  const domain = context.config.mastodon.localDomain;
  const nowMs = Date.now();
  if (kind === "json") {
    // Rendered again when the reading's age in whole seconds changes, so
    // `age_seconds` is exact to the second and a request still costs a map lookup.
    const age = readingAgeSeconds(snapshot, nowMs);
    const prepared = prepare(jsons, `json|${version(domain, snapshot)}|${age}|${staleAfterMs(context)}`, () =>
      JSON.stringify(publicStatusJson(snapshot, nowMs, staleAfterMs(context))),
    );
    return answer(request, prepared, "application/json; charset=utf-8", 10);
  }
  if (kind === "feed") {
    // Links from HOWDAH_URL only: a Host or X-Forwarded-Host header chosen by
    // a client must never end up in an answer that caches and proxies share.
    const prepared = prepare(pages, `feed|${version(domain, snapshot)}`, () =>
      renderFeed(snapshot, context.config.howdah.publicUrl, domain),
    );
    return answer(request, prepared, "application/atom+xml; charset=utf-8", 60);
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
  return answer(request, prepared, "text/html; charset=utf-8", 10);
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
