import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { actOnRelay, relayActionInput } from "@/lib/relays/manage";

export const dynamic = "force-dynamic";

/** Enable, disable or remove one relay, named by its id. */
export const POST = staffRoute(
  { access: PAGES.relays, input: relayActionInput },
  ({ context, staff, input, request }) => actOnRelay(context, { staff, ip: clientIp(request.headers) }, input),
);
