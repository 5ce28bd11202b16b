import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getQueuesSummary } from "@/lib/queues/summary";

export const dynamic = "force-dynamic";

/** Live queue figures and processes (running jobs' args only with view_devops). */
export const GET = staffRoute({ access: PAGES.queues }, ({ context, staff }) => {
  return getQueuesSummary(context, staff);
});
