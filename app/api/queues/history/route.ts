import { z } from "zod";
import { staffRoute } from "@/lib/http/route";
import { historyRangeSchema, readHistory } from "@/lib/queues/history";
import { assertCanViewQueueFigures } from "@/lib/queues/permissions";

export const dynamic = "force-dynamic";

export const GET = staffRoute(
  { permission: null, input: z.object({ range: historyRangeSchema.default("1h") }) },
  async ({ context, staff, input }) => {
    assertCanViewQueueFigures(staff);
    return readHistory(await context.store(), input.range);
  },
);
