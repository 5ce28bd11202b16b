import { forbidden } from "next/navigation";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { canManageJobs, canViewQueueFigures } from "@/lib/queues/permissions";
import { AlertSettingsView } from "@/components/queues/alert-settings-view";

export const metadata = { title: "Queue alert thresholds" };

export default async function QueueAlertsPage() {
  const staff = await requireStaffPage(null);
  if (!canViewQueueFigures(staff.permissions)) forbidden();
  return <AlertSettingsView canEdit={canManageJobs(staff.permissions)} />;
}
