import { PAGES } from "@/lib/auth/access";
import { HowdahError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { incidentIdInput, incidentUpdateInput } from "@/lib/status/incident-input";
import { postIncidentUpdate } from "@/lib/status/incident-actions";

export const dynamic = "force-dynamic";

/** Posts an update to an incident or maintenance (and moves it to the update's status). */
export const POST = staffRoute(
  { access: PAGES.incidents, input: incidentUpdateInput },
  ({ context, staff, input, request }) => {
    const parsed = incidentIdInput.safeParse({ id: request.nextUrl.pathname.split("/").pop() });
    if (!parsed.success) throw new HowdahError("bad_request", `id: ${parsed.error.issues[0]!.message}`);
    return postIncidentUpdate(context, parsed.data.id, input, {
      accountId: staff.accountId,
      acct: staff.acct,
      ip: clientIp(request.headers),
    });
  },
);
