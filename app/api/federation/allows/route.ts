import { PAGES } from "@/lib/auth/access";
import { createAllowInput, createDomainAllow, listDomainAllows } from "@/lib/federation/allows";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Mastodon's domain allows need manage_federation (DomainAllowPolicy), as blocks do. */
export const GET = staffRoute({ access: PAGES.federation }, ({ context }) => listDomainAllows(context));

export const POST = staffRoute(
  { access: PAGES.federation, input: createAllowInput },
  ({ context, staff, input, request }) => createDomainAllow(context, { staff, ip: clientIp(request.headers) }, input),
);
