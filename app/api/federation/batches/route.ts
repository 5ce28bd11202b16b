import { PAGES } from "@/lib/auth/access";
import { listBatchesInput, listBlockBatches } from "@/lib/federation/import/batches";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Howdah's domain-block batches (imports and form writes), newest first. */
export const GET = staffRoute({ access: PAGES.federation, input: listBatchesInput }, ({ context, input }) =>
  listBlockBatches(context, input),
);
