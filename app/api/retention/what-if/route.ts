import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { compareWhatIf, whatIfInput } from "@/lib/retention/what-if";

export const dynamic = "force-dynamic";

/** What the next cleanup would remove at the proposed values, beside the current ones. */
export const GET = staffRoute({ access: PAGES.retention, input: whatIfInput }, ({ context, input }) =>
  compareWhatIf(context, input),
);
