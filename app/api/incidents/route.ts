import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { createIncidentInput } from "@/lib/status/incident-input";
import { incidentsForStaff, openIncident } from "@/lib/status/incident-actions";

export const dynamic = "force-dynamic";

/**
 * Incidents and planned maintenance for the public status page. Writing to
 * members is what Mastodon's own announcements need manage_announcements for,
 * so the same permission governs these.
 */
export const GET = staffRoute({ access: PAGES.incidents }, ({ context }) => incidentsForStaff(context));

export const POST = staffRoute(
  { access: PAGES.incidents, input: createIncidentInput },
  ({ context, staff, input, request }) =>
    openIncident(context, input, { accountId: staff.accountId, acct: staff.acct, ip: clientIp(request.headers) }),
);
