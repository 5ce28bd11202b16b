import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkAccess, instanceConditions, PAGES } from "@/lib/auth/access";
import { parseCookieHeader, staffFromCookies } from "@/lib/auth/request-staff";
import { sharedSummaryJson } from "@/lib/queues/summary-share";
import type { ServerContext } from "./context";

/**
 * `GET /api/queues`, the Queues page's poll (every few seconds, from every
 * open tab), answered by the HTTP server before Next's routing, as the status
 * answers are (status-answers.ts): Next's route machinery cost several times
 * the summary itself (about 4 ms of 6 over HTTP on the e2e instance). Same
 * session rules and access rule as app/api/queues/route.ts (through
 * lib/auth/request-staff.ts and lib/auth/access.ts), same JSON. Whatever this
 * does not answer with a 200 (no session, a refusal, an outage) goes to Next,
 * whose route gives the answer and maps the error in the one place errors are
 * mapped (lib/http/route.ts). Polls within the same second share one reading
 * (lib/queues/summary-share.ts); `Cache-Control: no-cache` asks for a new one.
 */
export const QUEUES_PATH = "/api/queues";

export function isQueuesSummaryRequest(method: string | undefined, url: string | undefined): boolean {
  if (method !== "GET" || !url) return false;
  const q = url.indexOf("?");
  return (q < 0 ? url : url.slice(0, q)) === QUEUES_PATH;
}

/** Marks an answer given here rather than by Next. */
export const QUEUES_FAST_PATH_HEADER = { name: "x-howdah-answer", value: "fast-path" } as const;

/** True when it answered; false (nothing written) when Next must. */
export async function serveQueuesSummary(
  context: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders: readonly (readonly [string, string])[],
): Promise<boolean> {
  const staff = await staffFromCookies(context, parseCookieHeader(req.headers.cookie));
  if (!staff) return false;
  if (!checkAccess(PAGES.queues, staff.permissions, instanceConditions(context.config)).ok) return false;
  const body = await sharedSummaryJson(context, staff, { fresh: wantsFresh(req.headers["cache-control"]) });
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(body)),
    [QUEUES_FAST_PATH_HEADER.name]: QUEUES_FAST_PATH_HEADER.value,
  };
  for (const [name, value] of extraHeaders) headers[name] = value;
  res.writeHead(200, headers);
  res.end(body);
  return true;
}

/** A request that says not to be answered from a cache (a hard reload, or the bench timing each reading). */
function wantsFresh(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && /(?:^|,)\s*no-cache\s*(?:,|$)/i.test(cacheControl);
}
