import { getServerContext } from "@/lib/server/context";
import { statusRoute } from "@/lib/status/public-responses";

/**
 * The public status page. A route handler rather than a React page: the page
 * is one self-contained HTML document with no script (lib/status/render/page.ts),
 * rendered once per snapshot and served from memory, so it keeps answering
 * thousands of requests a second while the instance it describes struggles.
 * In production (`npm start`) the HTTP server gives the same answer before
 * Next's routing (lib/server/status-answers.ts); this handler is the reference
 * and serves `next dev`.
 */
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return statusRoute("page", getServerContext(), request);
}

export const HEAD = GET;
