import { getServerContext } from "@/lib/server/context";
import { statusRoute } from "@/lib/status/public-responses";

/** Incidents and maintenance as an Atom feed, from the same snapshot as the page. */
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return statusRoute("feed", getServerContext(), request);
}
