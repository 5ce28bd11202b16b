import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { getAuditLog, parseAuditQuery } from "@/lib/audit/audit-log";
import { loadPageData } from "@/lib/http/page-data";
import { getServerContext } from "@/lib/server/context";
import { AuditView } from "@/components/system/audit-view";
import { ServiceDown } from "@/components/ui/service-down";

export const metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!(await requireStaffPage(PAGES.audit))) return null;
  const query = parseAuditQuery(await searchParams);
  const log = await loadPageData(() => getAuditLog(getServerContext(), query));
  if (log.problem !== null) return <ServiceDown message={log.problem} />;
  const { rows, older, newer, choices } = log.data;
  return (
    <AuditView
      rows={rows.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        actorAcct: r.actorAcct,
        action: r.action,
        targetType: r.targetType,
        target: r.target,
        outcome: r.outcome,
      }))}
      filters={{ actor: query.actor ?? "", action: query.action ?? "", target: query.target ?? "", q: query.q ?? "" }}
      choices={choices}
      older={older}
      newer={newer}
    />
  );
}
