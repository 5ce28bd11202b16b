import { RULES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { jobsActionInput, runJobsAction } from "@/lib/queues/actions";

export const dynamic = "force-dynamic";

/** Retry, add to queue, kill or delete several picked jobs of one list, each named by its row id. */
export const POST = staffRoute(
  { access: RULES.manageJobs, input: jobsActionInput },
  ({ context, staff, input, request }) => runJobsAction(context, { staff, ip: clientIp(request.headers) }, input),
);
