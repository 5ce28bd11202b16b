import { PAGES } from "@/lib/auth/access";
import { rollbackPlan, runBlockBatch, runInput } from "@/lib/federation/import/batches";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** What rolling the batch back will do, step by step, before it is started. */
export const GET = staffRoute({ access: PAGES.federation, input: runInput }, ({ context, input }) =>
  rollbackPlan(context, input),
);

/** Roll the batch back in the background, latest row first. */
export const POST = staffRoute({ access: PAGES.federation, input: runInput }, ({ context, input }) =>
  runBlockBatch(context, input, "rollback"),
);
