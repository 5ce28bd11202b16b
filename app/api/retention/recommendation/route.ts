import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { readRecommendation, recommendInput } from "@/lib/retention/recommend";

export const dynamic = "force-dynamic";

/** The media-cache period that keeps the disk under a fill level for a horizon, with its curve. */
export const GET = staffRoute({ access: PAGES.retention, input: recommendInput }, ({ context, input }) =>
  readRecommendation(context, input),
);
