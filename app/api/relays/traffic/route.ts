import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getRelayTraffic, trafficInput } from "@/lib/relays/traffic";

export const dynamic = "force-dynamic";

/** Incoming remote posts from the worker's rollups, with relay markers and ingress latency. */
export const GET = staffRoute({ access: PAGES.relays, input: trafficInput }, ({ context, input }) =>
  getRelayTraffic(context, input.range),
);
