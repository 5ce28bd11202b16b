import { staffRoute } from "@/lib/http/route";
import { getOverview } from "@/lib/overview/get-overview";

export const dynamic = "force-dynamic";

export const GET = staffRoute({ permission: null }, ({ context, staff }) => getOverview(context, staff));
