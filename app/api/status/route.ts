import { getServerContext } from "@/lib/server/context";
import { installStatusFastPath } from "@/lib/status/fast-path";
import { statusRoute } from "@/lib/status/public-responses";

/** The status page for machines: public, no sign-in, from the same snapshot. */
export const dynamic = "force-dynamic";

installStatusFastPath(getServerContext);

export function GET(request: Request): Promise<Response> {
  return statusRoute("json", getServerContext(), request);
}
