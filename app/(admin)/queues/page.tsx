import { forbidden } from "next/navigation";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { canViewQueueFigures } from "@/lib/queues/permissions";
import { getQueuesSummary } from "@/lib/queues/summary";
import { getServerContext } from "@/lib/server/context";
import { QueuesView } from "@/components/queues/queues-view";

export const metadata = { title: "Queues" };

export default async function QueuesPage() {
  const staff = await requireStaffPage(null);
  if (!canViewQueueFigures(staff.permissions)) forbidden();
  // Sidekiq's Redis being down must not break the page: the view shows why and keeps polling.
  const initial = await getQueuesSummary(getServerContext(), staff).catch(() => undefined);
  return <QueuesView initial={initial} />;
}
