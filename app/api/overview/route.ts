import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getOverview } from "@/lib/overview/get-overview";

export const dynamic = "force-dynamic";

export const GET = staffRoute({ access: PAGES.overview }, ({ context, staff }) => getOverview(context, staff));
