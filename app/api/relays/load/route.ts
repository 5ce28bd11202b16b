import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getRelayLoad } from "@/lib/relays/live-load";

export const dynamic = "force-dynamic";

/** Live relay share of the ingress and push backlogs, from bounded samples. */
export const GET = staffRoute({ access: PAGES.relays }, ({ context }) => getRelayLoad(context));
