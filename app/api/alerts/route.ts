import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { alertingOverview, setNotifyPolicy } from "@/lib/alerts/alerting-actions";
import { policyInput } from "@/lib/alerts/alerting-input";

export const dynamic = "force-dynamic";

/** Contact points, silences, the pending period and repeat interval, and what fires now. */
export const GET = staffRoute({ access: PAGES.alerts }, ({ context }) => alertingOverview(context));

/** Sets the pending period and repeat interval, typed as "5m", "4h" (audited). */
export const PUT = staffRoute({ access: PAGES.alerts, input: policyInput }, ({ context, staff, input, request }) =>
  setNotifyPolicy(context, input, { accountId: staff.accountId, acct: staff.acct, ip: clientIp(request.headers) }),
);
