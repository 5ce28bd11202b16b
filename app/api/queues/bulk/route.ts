import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { bulkActionInput, runBulkAction } from "@/lib/queues/actions";

export const dynamic = "force-dynamic";

/** Retry all retries, or delete all dead jobs. */
export const POST = staffRoute(
  { permission: "view_devops", input: bulkActionInput },
  ({ context, staff, input, request }) => runBulkAction(context, { staff, ip: clientIp(request.headers) }, input),
);
