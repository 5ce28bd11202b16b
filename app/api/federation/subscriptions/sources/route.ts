import { PAGES } from "@/lib/auth/access";
import { createSource, createSourceInput } from "@/lib/federation/subscriptions/sources";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Subscribe to a blocklist: an address fetched on a schedule, or an uploaded file. */
export const POST = staffRoute({ access: PAGES.federation, input: createSourceInput }, ({ context, staff, input }) =>
  createSource(context, { accountId: staff.accountId, acct: staff.acct }, input),
);
