import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { getQueuesSummary } from "@/lib/queues/summary";
import { getServerContext } from "@/lib/server/context";
import { QueuesView } from "@/components/queues/queues-view";

export const metadata = { title: "Queues" };

export default async function QueuesPage() {
  const staff = await requireStaffPage(PAGES.queues);
  if (!staff) return null;
  // Sidekiq's Redis being down must not break the page: the view shows why and keeps polling.
  const initial = await loadPageData(() => getQueuesSummary(getServerContext(), staff));
  return <QueuesView initial={initial.data ?? undefined} initialProblem={initial.problem ?? undefined} />;
}
