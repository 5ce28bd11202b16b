import { PAGES } from "@/lib/auth/access";
import { chooseBatchRows, chooseInput } from "@/lib/federation/import/batches";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Tick or untick rows of a previewed (or stopped) batch. */
export const POST = staffRoute({ access: PAGES.federation, input: chooseInput }, ({ context, input }) =>
  chooseBatchRows(context, input),
);
