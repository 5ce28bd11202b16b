import { redirect } from "next/navigation";
import { checkAccess, instanceConditions, PAGES } from "@/lib/auth/access";
import { currentStaff, requireStaffPage } from "@/lib/auth/current-staff";
import { navFor } from "@/lib/navigation";
import { loadPageData } from "@/lib/http/page-data";
import { getOverview } from "@/lib/overview/get-overview";
import { getServerContext } from "@/lib/server/context";
import { OverviewView } from "@/components/overview/overview-view";
import { ServiceDown } from "@/components/ui/service-down";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  await landElsewhereWithoutDashboard();
  const staff = await requireStaffPage(PAGES.overview);
  if (!staff) return null;
  const overview = await loadPageData(() => getOverview(getServerContext(), staff));
  if (overview.problem !== null) return <ServiceDown message={overview.problem} />;
  return <OverviewView initial={JSON.parse(JSON.stringify(overview.data))} />;
}

/**
 * "/" is where sign-in lands. Staff whose role lacks view_dashboard (a
 * reports-only moderator role, say) are sent to the first page they may open
 * rather than to a refusal; with none, requireStaffPage shows the 403.
 */
async function landElsewhereWithoutDashboard() {
  // An outage is the shell's to show (requireStaffPage below renders nothing then).
  const staff = await currentStaff().catch(() => null);
  if (!staff) return;
  const conditions = instanceConditions(getServerContext().config);
  if (checkAccess(PAGES.overview, staff.permissions, conditions).ok) return;
  const first = navFor(staff.permissions, conditions)[0];
  if (first) redirect(first.href);
}
