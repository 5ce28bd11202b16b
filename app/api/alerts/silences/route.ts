import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { addSilence } from "@/lib/alerts/alerting-actions";
import { silenceInput } from "@/lib/alerts/alerting-input";

export const dynamic = "force-dynamic";

/** Silences matching alerts for a while ("2h"), audited. */
export const POST = staffRoute({ access: PAGES.alerts, input: silenceInput }, ({ context, staff, input, request }) =>
  addSilence(context, input, { accountId: staff.accountId, acct: staff.acct, ip: clientIp(request.headers) }),
);
