import { requireStaffPage } from "@/lib/auth/current-staff";
import { getOverview } from "@/lib/overview/get-overview";
import { getServerContext } from "@/lib/server/context";
import { OverviewView } from "@/components/overview/overview-view";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const staff = await requireStaffPage(null);
  const overview = await getOverview(getServerContext(), staff);
  return <OverviewView initial={JSON.parse(JSON.stringify(overview))} />;
}
