import { z } from "zod";
import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getDomainStorage } from "@/lib/storage/domains";
import { domainSchema, rangeSchema } from "@/lib/storage/inputs";

export const dynamic = "force-dynamic";

const input = z.object({ domain: domainSchema, range: rangeSchema });

/** One remote server's stored files and growth (?domain=…&range=…). */
export const GET = staffRoute({ access: PAGES.storage, input }, ({ context, input }) =>
  getDomainStorage(context, input.domain, input.range),
);
