import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { getServerContext } from "@/lib/server/context";
import { listAudit } from "@/lib/store/audit";
import { AuditView } from "@/components/system/audit-view";
import { ServiceDown } from "@/components/ui/service-down";

export const metadata = { title: "Audit log" };

export default async function AuditPage() {
  if (!(await requireStaffPage(PAGES.audit))) return null;
  const rows = await loadPageData(async () => listAudit(await getServerContext().store(), 100));
  if (rows.problem !== null) return <ServiceDown message={rows.problem} />;
  return <AuditView rows={rows.data.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))} />;
}
