import { PAGES } from "@/lib/auth/access";
import { listBlocksInput, listDomainBlocks } from "@/lib/federation/blocks";
import { createBlockInput, createDomainBlock } from "@/lib/federation/manage";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Mastodon's domain blocks need manage_federation (DomainBlockPolicy); so do these. */
export const GET = staffRoute({ access: PAGES.federation, input: listBlocksInput }, ({ context, input }) =>
  listDomainBlocks(context, input),
);

/** Create a block, or make the domain's own block stricter (Mastodon's create form). */
export const POST = staffRoute(
  { access: PAGES.federation, input: createBlockInput },
  ({ context, staff, input, request }) => createDomainBlock(context, { staff, ip: clientIp(request.headers) }, input),
);
