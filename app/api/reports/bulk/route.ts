import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { bulkInput, bulkReportAction } from "@/lib/reports/actions/bulk";

export const dynamic = "force-dynamic";

/** Assign to me, unassign or resolve up to 500 reports, each on its own (ReportPolicy: manage_reports). */
export const POST = staffRoute({ access: "manage_reports", input: bulkInput }, ({ context, staff, input, request }) =>
  bulkReportAction(context, { staff, ip: clientIp(request.headers) }, input),
);
