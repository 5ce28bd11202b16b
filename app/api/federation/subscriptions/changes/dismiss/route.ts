import { PAGES } from "@/lib/auth/access";
import { changeIdsInput } from "@/lib/federation/subscriptions/sources";
import { dismissChanges } from "@/lib/federation/subscriptions/review";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Dismiss the chosen changes: not proposed again while the lists ask the same. */
export const POST = staffRoute({ access: PAGES.federation, input: changeIdsInput }, ({ context, staff, input }) =>
  dismissChanges(context, { accountId: staff.accountId, acct: staff.acct }, input.ids),
);
