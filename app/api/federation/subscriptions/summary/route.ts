import { PAGES } from "@/lib/auth/access";
import { readFederationSummary } from "@/lib/federation/subscriptions/sources";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The overview's federation tile: blocks by severity and the subscription changes waiting for review. */
export const GET = staffRoute({ access: PAGES.federation }, ({ context }) => readFederationSummary(context));
