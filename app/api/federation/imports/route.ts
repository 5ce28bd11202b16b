import { PAGES } from "@/lib/auth/access";
import { importFile, importFileInput } from "@/lib/federation/import/batches";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Upload a blocklist: every row is sorted against today's blocks into a pending batch; nothing is applied. */
export const POST = staffRoute(
  { access: PAGES.federation, input: importFileInput },
  ({ context, staff, input, request }) => importFile(context, { staff, ip: clientIp(request.headers) }, input),
);
