import { getServerContext } from "@/lib/server/context";
import { statusRoute } from "@/lib/status/public-responses";

/** The status page for machines: public, no sign-in, from the same snapshot. */
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return statusRoute("json", getServerContext(), request);
}
