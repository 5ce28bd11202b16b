import type { NextRequest } from "next/server";
import { PAGES } from "@/lib/auth/access";
import { HowdahError } from "@/lib/errors";
import { staffRoute } from "@/lib/http/route";
import { getReportPage, reportIdInput } from "@/lib/reports/report-page";

export const dynamic = "force-dynamic";

/** One report with its context and history (ReportPolicy#show?: manage_reports). */
export function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  return staffRoute({ access: PAGES.reports }, async ({ context, staff }) => {
    const parsed = reportIdInput.safeParse((await params).id);
    if (!parsed.success) throw new HowdahError("bad_request", "A report id is a number.");
    return getReportPage(context, staff, parsed.data);
  })(request);
}
