import { RULES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { processSignalInput, runProcessSignal } from "@/lib/queues/process-actions";

export const dynamic = "force-dynamic";

/** Quiet or stop one Sidekiq process through its signal list. */
export const POST = staffRoute(
  { access: RULES.manageJobs, input: processSignalInput },
  ({ context, staff, input, request }) => runProcessSignal(context, { staff, ip: clientIp(request.headers) }, input),
);
