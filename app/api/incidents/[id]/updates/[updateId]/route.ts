import { PAGES } from "@/lib/auth/access";
import { HowdahError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { incidentIdInput, incidentUpdateEditInput, updateIdInput } from "@/lib/status/incident-input";
import { rewordIncidentUpdate } from "@/lib/status/incident-actions";

export const dynamic = "force-dynamic";

/** Rewords one posted update of an incident or maintenance (audited with both texts). */
export const PATCH = staffRoute(
  { access: PAGES.incidents, input: incidentUpdateEditInput },
  ({ context, staff, input, request }) => {
    const parts = request.nextUrl.pathname.split("/");
    const id = incidentIdInput.safeParse({ id: parts.at(-3) });
    if (!id.success) throw new HowdahError("bad_request", `id: ${id.error.issues[0]!.message}`);
    const update = updateIdInput.safeParse({ updateId: parts.at(-1) });
    if (!update.success) throw new HowdahError("bad_request", `updateId: ${update.error.issues[0]!.message}`);
    return rewordIncidentUpdate(context, id.data.id, update.data.updateId, input.body, {
      accountId: staff.accountId,
      acct: staff.acct,
      ip: clientIp(request.headers),
    });
  },
);
