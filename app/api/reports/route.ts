import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getReportQueue } from "@/lib/reports/queue";
import { queueInput } from "@/lib/reports/queue-input";

export const dynamic = "force-dynamic";

/** The triage queue: Mastodon lists reports to anyone with manage_reports (ReportPolicy#index?). */
export const GET = staffRoute({ access: PAGES.reports, input: queueInput }, ({ context, staff, input }) =>
  getReportQueue(context, staff, input),
);
