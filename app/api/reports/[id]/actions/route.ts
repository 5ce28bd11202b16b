import type { NextRequest } from "next/server";
import { HowdahError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { performInput, performReportAction, reportActionsFor, reportIdInput } from "@/lib/reports/actions/perform";

export const dynamic = "force-dynamic";

/** /api/reports/<id>/actions: the id is the second-to-last path segment. */
function reportId(request: NextRequest): string {
  const parsed = reportIdInput.safeParse({ id: request.nextUrl.pathname.split("/").at(-2) });
  if (!parsed.success) throw new HowdahError("bad_request", `id: ${parsed.error.issues[0]!.message}`);
  return parsed.data.id;
}

/**
 * The actions this staff member may take on the report now, with its state
 * token, and those Howdah leaves to Mastodon's own page (with why). Reports
 * are Mastodon's manage_reports (ReportPolicy); each action's own permission
 * is checked in lib/reports/actions.
 */
export const GET = staffRoute({ access: "manage_reports" }, ({ context, staff, request }) =>
  reportActionsFor(context, { staff, ip: clientIp(request.headers) }, reportId(request)),
);

/** One action, with the token from GET: a report changed since gets a 409 saying who did what. */
export const POST = staffRoute(
  { access: "manage_reports", input: performInput },
  ({ context, staff, input, request }) =>
    performReportAction(context, { staff, ip: clientIp(request.headers) }, reportId(request), input),
);
