import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { getStoragePage } from "@/lib/storage/page-data";
import { getServerContext } from "@/lib/server/context";
import { StorageView } from "@/components/storage/storage-view";

export const metadata = { title: "Storage" };

export default async function StoragePage() {
  const staff = await requireStaffPage(PAGES.storage);
  if (!staff) return null;
  const loaded = await loadPageData(() => getStoragePage(getServerContext(), staff, "30d"));
  return <StorageView initial={loaded.data} problem={loaded.problem} />;
}
