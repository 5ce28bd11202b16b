import type { NextRequest } from "next/server";
import { PAGES } from "@/lib/auth/access";
import { HowdahError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { incidentEditInput, incidentIdInput, incidentUpdateInput } from "@/lib/status/incident-input";
import { changeIncident, postIncidentUpdate, removeIncident } from "@/lib/status/incident-actions";

export const dynamic = "force-dynamic";

function incidentId(request: NextRequest): string {
  const parsed = incidentIdInput.safeParse({ id: request.nextUrl.pathname.split("/").pop() });
  if (!parsed.success) throw new HowdahError("bad_request", `id: ${parsed.error.issues[0]!.message}`);
  return parsed.data.id;
}

/** Posts an update to an incident or maintenance (and moves it to the update's status). */
export const POST = staffRoute(
  { access: PAGES.incidents, input: incidentUpdateInput },
  ({ context, staff, input, request }) =>
    postIncidentUpdate(context, incidentId(request), input, {
      accountId: staff.accountId,
      acct: staff.acct,
      ip: clientIp(request.headers),
    }),
);

/** Edits its title, impact, affected parts or window (audited with the old and new values). */
export const PATCH = staffRoute(
  { access: PAGES.incidents, input: incidentEditInput },
  ({ context, staff, input, request }) =>
    changeIncident(context, incidentId(request), input, {
      accountId: staff.accountId,
      acct: staff.acct,
      ip: clientIp(request.headers),
    }),
);

/** Deletes it and its updates (audited with what it was). */
export const DELETE = staffRoute({ access: PAGES.incidents }, ({ context, staff, request }) =>
  removeIncident(context, incidentId(request), {
    accountId: staff.accountId,
    acct: staff.acct,
    ip: clientIp(request.headers),
  }),
);
