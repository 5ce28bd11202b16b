import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { getServerContext } from "@/lib/server/context";
import { getSystemInfo } from "@/lib/system/get-system-info";
import { SystemView } from "@/components/system/system-view";
import { ServiceDown } from "@/components/ui/service-down";

export const metadata = { title: "System" };

export default async function SystemPage() {
  if (!(await requireStaffPage(PAGES.system))) return null;
  const info = await loadPageData(() => getSystemInfo(getServerContext()));
  if (info.problem !== null) return <ServiceDown message={info.problem} />;
  return <SystemView info={info.data} />;
}
