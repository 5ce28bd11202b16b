import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  acceptsGzip,
  answerStatus,
  readyAnswerNow,
  rawHeadersFor,
  type PublicAnswerKind,
} from "@/lib/status/public-responses";
import type { ServerContext } from "./context";

/**
 * The public status answers (page, JSON, feed, and the page's script) as the HTTP server gives them, before
 * Next's routing.
 *
 * Why: the status page is what members hammer when the instance is slow, and
 * it must hold 2,000 requests a second on a 2-core machine. Next's routing
 * and route-handler machinery costs about a millisecond of CPU per request
 * here (measured: about 850 requests a second for a handler that only finds
 * no session), while the answer itself is a buffer already rendered and
 * gzipped. The route handlers in app/status and app/api/status give the
 * same answers through Next (`next dev`, and the reference).
 */
const ROUTES: Record<string, PublicAnswerKind> = {
  "/status": "page",
  "/status/feed.xml": "feed",
  "/api/status": "json",
  "/status/refresh.js": "script",
};

/** Marks an answer given here rather than by Next (tests and operators can tell them apart). */
export const FAST_PATH_HEADER = { name: "x-howdah-answer", value: "fast-path" } as const;

/** Which public answer a request asks for: GET or HEAD of exactly one of the three paths (any query). */
export function statusAnswerKind(method: string | undefined, url: string | undefined): PublicAnswerKind | null {
  if (method !== "GET" && method !== "HEAD") return null;
  const path = url ?? "";
  const q = path.indexOf("?");
  return ROUTES[q < 0 ? path : path.slice(0, q)] ?? null;
}

const header = (req: IncomingMessage, name: string): string | null => {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
};

/**
 * Writes one public answer (gzipped when asked, 304 on a matching ETag)
 * straight to Node's response. With the snapshot in memory (every request
 * but a process's very first) this is synchronous and allocates next to
 * nothing: the header lists are built once per answer (rawHeadersFor), the
 * bytes were gzipped once.
 */
export async function serveStatusAnswer(
  kind: PublicAnswerKind,
  context: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders: readonly (readonly [string, string])[] = [],
): Promise<void> {
  const extra = withFastPathMark(extraHeaders);
  const ready = readyAnswerNow(context, kind);
  if (ready) {
    const raw = rawHeadersFor(ready, extra);
    if (header(req, "if-none-match") === ready.prepared.etag) {
      res.writeHead(304, raw.notModified);
      res.end();
      return;
    }
    const gzip = acceptsGzip(header(req, "accept-encoding"));
    res.writeHead(200, gzip ? raw.gzip : raw.plain);
    res.end(req.method === "HEAD" ? undefined : gzip ? ready.prepared.gzip : ready.prepared.body);
    return;
  }
  const answer = await answerStatus(context, kind, {
    method: req.method ?? "GET",
    acceptEncoding: header(req, "accept-encoding"),
    ifNoneMatch: header(req, "if-none-match"),
  });
  // Into the one object writeHead takes: headers set apart with setHeader
  // make Node merge two lists on every answer, which halved the throughput.
  for (const [name, value] of extra) answer.headers[name] = value;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

const marked = new WeakMap<readonly (readonly [string, string])[], readonly (readonly [string, string])[]>();
/** The extra headers with the fast-path mark, one list per list given (they are cached per base URL). */
function withFastPathMark(extra: readonly (readonly [string, string])[]): readonly (readonly [string, string])[] {
  let list = marked.get(extra);
  if (!list) marked.set(extra, (list = [[FAST_PATH_HEADER.name, FAST_PATH_HEADER.value], ...extra]));
  return list;
}
