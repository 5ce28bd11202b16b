import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { getServerContext } from "@/lib/server/context";
import { incidentsForStaff } from "@/lib/status/incident-actions";
import { IncidentsView } from "@/components/status/incidents-view";
import { ServiceDown } from "@/components/ui/service-down";

export const metadata = { title: "Incidents" };

/** Incidents and maintenance for the public status page. */
export default async function IncidentsPage() {
  if (!(await requireStaffPage(PAGES.incidents))) return null;
  const incidents = await loadPageData(() => incidentsForStaff(getServerContext()));
  if (incidents.problem !== null) return <ServiceDown message={incidents.problem} />;
  return <IncidentsView initial={incidents.data} />;
}
