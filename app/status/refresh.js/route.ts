import { getServerContext } from "@/lib/server/context";
import { statusRoute } from "@/lib/status/public-responses";

/**
 * The status page's one script (lib/status/render/refresh-script.ts). In
 * production the HTTP server gives the same answer before Next's routing
 * (lib/server/status-answers.ts); this handler serves `next dev`.
 */
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return statusRoute("script", getServerContext(), request);
}

export const HEAD = GET;
