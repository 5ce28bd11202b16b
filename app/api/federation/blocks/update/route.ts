import { PAGES } from "@/lib/auth/access";
import { updateBlockInput, updateDomainBlock } from "@/lib/federation/manage";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Edit a block (every field but the domain), as Mastodon's edit form. */
export const POST = staffRoute(
  { access: PAGES.federation, input: updateBlockInput },
  ({ context, staff, input, request }) => updateDomainBlock(context, { staff, ip: clientIp(request.headers) }, input),
);
