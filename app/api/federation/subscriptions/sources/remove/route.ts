import { PAGES } from "@/lib/auth/access";
import { removeSource, removeSourceInput } from "@/lib/federation/subscriptions/sources";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Unsubscribe; blocks it made that no other list asks for become retractions to review. */
export const POST = staffRoute({ access: PAGES.federation, input: removeSourceInput }, ({ context, staff, input }) =>
  removeSource(context, { accountId: staff.accountId, acct: staff.acct }, input),
);
