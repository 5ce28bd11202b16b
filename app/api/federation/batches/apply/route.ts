import { PAGES } from "@/lib/auth/access";
import { runBlockBatch, runInput } from "@/lib/federation/import/batches";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Apply the chosen rows (or resume a stopped batch) in the background. */
export const POST = staffRoute({ access: PAGES.federation, input: runInput }, ({ context, input }) =>
  runBlockBatch(context, input, "apply"),
);
