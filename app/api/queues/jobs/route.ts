import { RULES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { listJobs, listJobsInput } from "@/lib/queues/jobs";

export const dynamic = "force-dynamic";

/** A page of jobs with their args: view_devops only (args can hold private posts). */
export const GET = staffRoute({ access: RULES.viewJobs, input: listJobsInput }, ({ context, input }) =>
  listJobs(context, input),
);
