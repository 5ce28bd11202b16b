import { PAGES } from "@/lib/auth/access";
import { fetchSourceInput, fetchSourceNow } from "@/lib/federation/subscriptions/sources";
import { staffRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Fetch one subscribed list now (in the worker). */
export const POST = staffRoute({ access: PAGES.federation, input: fetchSourceInput }, ({ context, input }) =>
  fetchSourceNow(context, input),
);
