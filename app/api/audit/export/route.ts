import { PAGES } from "@/lib/auth/access";
import { auditQuery, filterOf } from "@/lib/audit/audit-log";
import { exportAuditCsv } from "@/lib/audit/csv-export";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The audit log as CSV, with the page's filters (?actor=&action=&target=&q=); paging does not apply. */
export const GET = staffRoute({ access: PAGES.audit, input: auditQuery }, ({ context, staff, input, request }) =>
  exportAuditCsv(context, { accountId: staff.accountId, acct: staff.acct }, clientIp(request.headers), filterOf(input)),
);
