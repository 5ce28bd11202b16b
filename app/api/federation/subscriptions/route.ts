import { PAGES } from "@/lib/auth/access";
import { readSubscriptions } from "@/lib/federation/subscriptions/sources";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The subscribed blocklists with their state, the merge rule and the review queue. */
export const GET = staffRoute({ access: PAGES.federation }, ({ context }) => readSubscriptions(context));
