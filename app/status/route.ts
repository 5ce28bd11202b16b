import { getServerContext } from "@/lib/server/context";
import { installStatusFastPath } from "@/lib/status/fast-path";
import { statusRoute } from "@/lib/status/public-responses";

/**
 * The public status page. A route handler rather than a React page: the page
 * is one self-contained HTML document with no script (lib/status/render/page.ts),
 * rendered once per snapshot and served from memory, so it keeps answering
 * thousands of requests a second while the instance it describes struggles.
 * In production the same answer is given before Next's routing (fast-path.ts).
 */
export const dynamic = "force-dynamic";

installStatusFastPath(getServerContext);

export function GET(request: Request): Promise<Response> {
  return statusRoute("page", getServerContext(), request);
}

export const HEAD = GET;
