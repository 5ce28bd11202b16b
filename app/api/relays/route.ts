import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { listRelays } from "@/lib/relays/list";
import { addRelay, addRelayInput } from "@/lib/relays/manage";

export const dynamic = "force-dynamic";

/** Mastodon's relay page needs manage_federation (RelayPolicy#update?); so do these. */
export const GET = staffRoute({ access: PAGES.relays }, ({ context }) => listRelays(context));

/** Add a relay: Mastodon's create (row, create log, then enable!). */
export const POST = staffRoute({ access: PAGES.relays, input: addRelayInput }, ({ context, staff, input, request }) =>
  addRelay(context, { staff, ip: clientIp(request.headers) }, input),
);
