import { PAGES } from "@/lib/auth/access";
import { impactInput, previewBlockChange } from "@/lib/federation/impact";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** What a create, edit or removal would do; changes nothing. */
export const GET = staffRoute({ access: PAGES.federation, input: impactInput }, ({ context, input }) =>
  previewBlockChange(context, input),
);
