import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getSystemInfo } from "@/lib/system/get-system-info";

export const dynamic = "force-dynamic";

export const GET = staffRoute({ access: PAGES.system }, ({ context }) => getSystemInfo(context));
