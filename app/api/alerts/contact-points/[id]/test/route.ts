import { z } from "zod";
import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { testContactPoint } from "@/lib/alerts/alerting-actions";
import { rowIdFrom } from "@/lib/alerts/row-id";

export const dynamic = "force-dynamic";

/** Sends a test message to a contact point now and answers how it went. */
export const POST = staffRoute({ access: PAGES.alerts, input: z.object({}).strict() }, ({ context, staff, request }) =>
  testContactPoint(context, rowIdFrom(request.nextUrl.pathname, 1), {
    accountId: staff.accountId,
    acct: staff.acct,
    ip: clientIp(request.headers),
  }),
);
