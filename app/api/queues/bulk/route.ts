import { RULES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { bulkActionInput, runBulkAction } from "@/lib/queues/actions";

export const dynamic = "force-dynamic";

/** Retry all retries, or delete all dead jobs. */
export const POST = staffRoute(
  { access: RULES.manageJobs, input: bulkActionInput },
  ({ context, staff, input, request }) => runBulkAction(context, { staff, ip: clientIp(request.headers) }, input),
);
