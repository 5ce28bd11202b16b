import { PAGES } from "@/lib/auth/access";
import { allowRemovalInput, previewAllowRemoval } from "@/lib/federation/allows";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** What removing an allow destroys, with counts, before it is confirmed. */
export const GET = staffRoute({ access: PAGES.federation, input: allowRemovalInput }, ({ context, input }) =>
  previewAllowRemoval(context, input.id),
);
