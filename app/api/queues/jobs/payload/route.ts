import { RULES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getJobPayload, jobPayloadInput } from "@/lib/queues/jobs";

export const dynamic = "force-dynamic";

/** One job's whole stored string, on demand (lists carry a preview): view_devops only, like the args. */
export const GET = staffRoute({ access: RULES.viewJobs, input: jobPayloadInput }, ({ context, input }) =>
  getJobPayload(context, input),
);
