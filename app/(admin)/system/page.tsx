import { requireStaffPage } from "@/lib/auth/current-staff";
import { getServerContext } from "@/lib/server/context";
import { getSystemInfo } from "@/lib/system/get-system-info";
import { SystemView } from "@/components/system/system-view";

export const metadata = { title: "System" };

export default async function SystemPage() {
  await requireStaffPage("view_devops");
  return <SystemView info={await getSystemInfo(getServerContext())} />;
}
