import { staffRoute } from "@/lib/http/route";
import { assertCanViewQueueFigures } from "@/lib/queues/permissions";
import { getQueuesSummary } from "@/lib/queues/summary";

export const dynamic = "force-dynamic";

/** Live queue figures and processes (running jobs' args only with view_devops). */
export const GET = staffRoute({ permission: null }, ({ context, staff }) => {
  assertCanViewQueueFigures(staff);
  return getQueuesSummary(context, staff);
});
