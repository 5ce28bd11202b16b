import { requireStaffPage } from "@/lib/auth/current-staff";
import { getServerContext } from "@/lib/server/context";
import { incidentsForStaff } from "@/lib/status/incident-actions";
import { IncidentsView } from "@/components/status/incidents-view";

export const metadata = { title: "Incidents" };

/** Incidents and maintenance for the public status page (manage_announcements, as Mastodon's announcements). */
export default async function IncidentsPage() {
  await requireStaffPage("manage_announcements");
  return <IncidentsView initial={await incidentsForStaff(getServerContext())} />;
}
