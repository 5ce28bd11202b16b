import { z } from "zod";
import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getBreakdown } from "@/lib/queues/breakdown";
import { jobSourceSchema } from "@/lib/queues/jobs";

export const dynamic = "force-dynamic";

/** Top classes and remote hosts of a queue or set, from a bounded sample: figures, no job contents. */
export const GET = staffRoute(
  { access: PAGES.queues, input: z.object({ source: jobSourceSchema }) },
  ({ context, input }) => {
    return getBreakdown(context, input.source);
  },
);
