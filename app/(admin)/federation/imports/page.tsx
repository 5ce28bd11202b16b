import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { ImportView } from "@/components/federation/import-view";

export const metadata = { title: "Import blocklist" };

/** Imports and batches of domain blocks need manage_federation, as the blocks do. */
export default async function ImportsPage() {
  if (!(await requireStaffPage(PAGES.federation))) return null;
  return <ImportView />;
}
