import { z } from "zod";
import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { historyRangeSchema, readHistory } from "@/lib/queues/history";

export const dynamic = "force-dynamic";

export const GET = staffRoute(
  { access: PAGES.queues, input: z.object({ range: historyRangeSchema.default("1h") }) },
  async ({ context, input }) => {
    return readHistory(await context.store(), input.range);
  },
);
