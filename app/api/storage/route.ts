import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { rangeInput } from "@/lib/storage/inputs";
import { getStoragePage } from "@/lib/storage/page-data";

export const dynamic = "force-dynamic";

/** The Storage page's figures, from the stored rollups (?range=7d|30d|90d|1y). */
export const GET = staffRoute({ access: PAGES.storage, input: rangeInput }, ({ context, staff, input }) =>
  getStoragePage(context, staff, input.range),
);
