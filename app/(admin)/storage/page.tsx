import { requireStaffPage } from "@/lib/auth/current-staff";
import { isHowdahError } from "@/lib/errors";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { getStoragePage } from "@/lib/storage/page-data";
import { getServerContext } from "@/lib/server/context";
import { StorageView } from "@/components/storage/storage-view";

export const metadata = { title: "Storage" };

export default async function StoragePage() {
  const staff = await requireStaffPage("view_dashboard");
  try {
    const data = await getStoragePage(getServerContext(), staff, "30d");
    return <StorageView initial={data} problem={null} />;
  } catch (error) {
    return (
      <StorageView initial={null} problem={isHowdahError(error) ? error.message : describeServiceFailure(error)} />
    );
  }
}
