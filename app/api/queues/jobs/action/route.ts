import { RULES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { jobActionInput, runJobAction } from "@/lib/queues/actions";

export const dynamic = "force-dynamic";

/** Retry now or delete one job, named by its exact stored payload. */
export const POST = staffRoute(
  { access: RULES.manageJobs, input: jobActionInput },
  ({ context, staff, input, request }) => runJobAction(context, { staff, ip: clientIp(request.headers) }, input),
);
