import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { getReportQueue } from "@/lib/reports/queue";
import { queueInput } from "@/lib/reports/queue-input";
import { getServerContext } from "@/lib/server/context";
import { QueueView } from "@/components/reports/queue-view";

export const metadata = { title: "Reports" };

/** Mastodon's reports need manage_reports (ReportPolicy), which moderators hold. */
export default async function ReportsPage() {
  const staff = await requireStaffPage(PAGES.reports);
  if (!staff) return null;
  const context = getServerContext();
  const loaded = await loadPageData(() => getReportQueue(context, staff, queueInput.parse({})));
  return <QueueView initial={loaded.data ?? undefined} problem={loaded.problem} />;
}
