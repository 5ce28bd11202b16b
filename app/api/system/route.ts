import { staffRoute } from "@/lib/http/route";
import { getSystemInfo } from "@/lib/system/get-system-info";

export const dynamic = "force-dynamic";

export const GET = staffRoute({ permission: "view_devops" }, ({ context }) => getSystemInfo(context));
