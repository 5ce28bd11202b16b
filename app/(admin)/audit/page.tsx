import { requireStaffPage } from "@/lib/auth/current-staff";
import { getServerContext } from "@/lib/server/context";
import { listAudit } from "@/lib/store/audit";
import { AuditView } from "@/components/system/audit-view";

export const metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requireStaffPage("view_audit_log");
  const rows = await listAudit(await getServerContext().store(), 100);
  return <AuditView rows={rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))} />;
}
