import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { SubscriptionsView } from "@/components/federation/subscriptions-view";

export const metadata = { title: "Blocklist subscriptions" };

/** Blocklist subscriptions need manage_federation, as the blocks do. */
export default async function SubscriptionsPage() {
  if (!(await requireStaffPage(PAGES.federation))) return null;
  return <SubscriptionsView />;
}
