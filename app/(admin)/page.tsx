import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { getOverview } from "@/lib/overview/get-overview";
import { getServerContext } from "@/lib/server/context";
import { OverviewView } from "@/components/overview/overview-view";
import { ServiceDown } from "@/components/ui/service-down";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const staff = await requireStaffPage(PAGES.overview);
  const overview = await loadPageData(() => getOverview(getServerContext(), staff));
  if (overview.problem !== null) return <ServiceDown message={overview.problem} />;
  return <OverviewView initial={JSON.parse(JSON.stringify(overview.data))} />;
}
