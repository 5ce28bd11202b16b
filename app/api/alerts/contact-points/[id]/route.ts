import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { removeContactPoint } from "@/lib/alerts/alerting-actions";
import { rowIdFrom } from "@/lib/alerts/row-id";

export const dynamic = "force-dynamic";

/** Removes a contact point (audited). */
export const DELETE = staffRoute({ access: PAGES.alerts }, ({ context, staff, request }) =>
  removeContactPoint(context, rowIdFrom(request.nextUrl.pathname), {
    accountId: staff.accountId,
    acct: staff.acct,
    ip: clientIp(request.headers),
  }),
);
