import { PAGES } from "@/lib/auth/access";
import { changeIdsInput } from "@/lib/federation/subscriptions/sources";
import { applyChanges } from "@/lib/federation/subscriptions/review";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Apply the chosen changes as one block batch (source: subscription), run by the worker. */
export const POST = staffRoute({ access: PAGES.federation, input: changeIdsInput }, ({ context, staff, input }) =>
  applyChanges(context, { accountId: staff.accountId, acct: staff.acct }, input.ids),
);
