import { PAGES } from "@/lib/auth/access";
import { batchInput, readBatchView } from "@/lib/federation/import/batches";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** One batch: its state and progress, its rows per class, and a page of its rows. */
export const GET = staffRoute({ access: PAGES.federation, input: batchInput }, ({ context, input }) =>
  readBatchView(context, input),
);
