import { PAGES } from "@/lib/auth/access";
import { removeAllowInput, removeDomainAllow } from "@/lib/federation/allows";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Remove an allow: in limited federation mode, Mastodon then deletes the domain's accounts and their reports. */
export const POST = staffRoute(
  { access: PAGES.federation, input: removeAllowInput },
  ({ context, staff, input, request }) => removeDomainAllow(context, { staff, ip: clientIp(request.headers) }, input),
);
