import { staffRoute } from "@/lib/http/route";
import { getRelayLoad } from "@/lib/relays/live-load";

export const dynamic = "force-dynamic";

/** Live relay share of the ingress and push backlogs, from bounded samples. */
export const GET = staffRoute({ permission: "manage_federation" }, ({ context }) => getRelayLoad(context));
