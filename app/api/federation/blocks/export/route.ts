import { z } from "zod";
import { PAGES } from "@/lib/auth/access";
import { exportDomainBlocks } from "@/lib/federation/export";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const input = z.object({ private: z.enum(["0", "1"]).default("0") });

/** Mastodon's export.csv (InstancePolicy#index? = manage_federation), optionally with private comments. */
export const GET = staffRoute({ access: PAGES.federation, input }, async ({ context, input, staff, request }) => {
  const file = await exportDomainBlocks(context, input.private === "1", { staff, ip: clientIp(request.headers) });
  return new Response(file.body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
});
