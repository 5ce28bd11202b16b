import { PAGES } from "@/lib/auth/access";
import { removeBlockInput, removeDomainBlock } from "@/lib/federation/manage";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Remove a block, running what UnblockDomainService does. */
export const POST = staffRoute(
  { access: PAGES.federation, input: removeBlockInput },
  ({ context, staff, input, request }) => removeDomainBlock(context, { staff, ip: clientIp(request.headers) }, input),
);
