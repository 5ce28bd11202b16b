import { PAGES } from "@/lib/auth/access";
import { editSource, updateSourceInput } from "@/lib/federation/subscriptions/sources";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Change a subscription: name, address or file, severity for a plain list, schedule, auto-apply rule. */
export const POST = staffRoute({ access: PAGES.federation, input: updateSourceInput }, ({ context, staff, input }) =>
  editSource(context, { accountId: staff.accountId, acct: staff.acct }, input),
);
