import { PAGES } from "@/lib/auth/access";
import { mergeSettingsInput, saveMergeSettings } from "@/lib/federation/subscriptions/sources";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The merge rule: how many sources must agree, and which severity wins. */
export const POST = staffRoute({ access: PAGES.federation, input: mergeSettingsInput }, ({ context, staff, input }) =>
  saveMergeSettings(context, { accountId: staff.accountId, acct: staff.acct }, input),
);
