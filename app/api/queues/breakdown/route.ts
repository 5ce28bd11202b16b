import { z } from "zod";
import { staffRoute } from "@/lib/http/route";
import { getBreakdown } from "@/lib/queues/breakdown";
import { jobSourceSchema } from "@/lib/queues/jobs";
import { assertCanViewQueueFigures } from "@/lib/queues/permissions";

export const dynamic = "force-dynamic";

/** Top classes and remote hosts of a queue or set, from a bounded sample: figures, no job contents. */
export const GET = staffRoute(
  { permission: null, input: z.object({ source: jobSourceSchema }) },
  ({ context, staff, input }) => {
    assertCanViewQueueFigures(staff);
    return getBreakdown(context, input.source);
  },
);
