import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { alertRules, setAlertRules } from "@/lib/alerts/rule-actions";
import { ruleSettingsInput } from "@/lib/alerts/rule-settings";

export const dynamic = "force-dynamic";

/** The alert rules' warning and critical levels (queue size, processes, disk, ingress, blocklist, reports). */
export const GET = staffRoute({ access: PAGES.alerts }, ({ context }) => alertRules(context));

/** Replaces them (times typed as "5m", "30d"; null turns a level off), audited. */
export const PUT = staffRoute(
  { access: PAGES.alerts, input: ruleSettingsInput },
  ({ context, staff, input, request }) =>
    setAlertRules(context, input, { accountId: staff.accountId, acct: staff.acct, ip: clientIp(request.headers) }),
);
