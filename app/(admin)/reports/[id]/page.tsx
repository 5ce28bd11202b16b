import { notFound } from "next/navigation";
import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { isHowdahError } from "@/lib/errors";
import { loadPageData } from "@/lib/http/page-data";
import { getReportPage, reportIdInput } from "@/lib/reports/report-page";
import { getServerContext } from "@/lib/server/context";
import { ReportView } from "@/components/reports/report-view";

export const metadata = { title: "Report" };

/** One report (ReportPolicy#show?: manage_reports). */
export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaffPage(PAGES.reports);
  if (!staff) return null;
  const parsed = reportIdInput.safeParse((await params).id);
  if (!parsed.success) notFound();
  const context = getServerContext();
  const loaded = await loadPageData(async () => {
    try {
      return await getReportPage(context, staff, parsed.data);
    } catch (error) {
      if (isHowdahError(error) && error.code === "not_found") notFound();
      throw error;
    }
  });
  return <ReportView id={parsed.data} initial={loaded.data ?? undefined} problem={loaded.problem} />;
}
