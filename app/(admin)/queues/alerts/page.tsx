import { allows, PAGES, RULES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { AlertSettingsView } from "@/components/queues/alert-settings-view";

export const metadata = { title: "Queue alert thresholds" };

export default async function QueueAlertsPage() {
  const staff = await requireStaffPage(PAGES.queues);
  if (!staff) return null;
  return <AlertSettingsView canEdit={allows(RULES.manageJobs, staff.permissions)} />;
}
