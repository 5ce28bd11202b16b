import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { addContactPoint } from "@/lib/alerts/alerting-actions";
import { contactPointInput } from "@/lib/alerts/contact-point-input";

export const dynamic = "force-dynamic";

/** Adds a contact point: e-mail, webhook, Slack, Discord, ntfy or Matrix (audited). */
export const POST = staffRoute(
  { access: PAGES.alerts, input: contactPointInput },
  ({ context, staff, input, request }) =>
    addContactPoint(context, input, { accountId: staff.accountId, acct: staff.acct, ip: clientIp(request.headers) }),
);
