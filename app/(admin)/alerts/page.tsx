import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { alertingOverview } from "@/lib/alerts/alerting-actions";
import { loadPageData } from "@/lib/http/page-data";
import { getServerContext } from "@/lib/server/context";
import { AlertingView } from "@/components/alerts/alerting-view";
import { ServiceDown } from "@/components/ui/service-down";

export const metadata = { title: "Alerts" };

/** Where alerts go, when they fire and repeat, silences, and what fires now. */
export default async function AlertsPage() {
  if (!(await requireStaffPage(PAGES.alerts))) return null;
  const overview = await loadPageData(() => alertingOverview(getServerContext()));
  if (overview.problem !== null) return <ServiceDown message={overview.problem} />;
  return <AlertingView initial={overview.data} />;
}
