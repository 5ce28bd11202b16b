import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { readVacuumStatus } from "@/lib/retention/vacuum";

export const dynamic = "force-dynamic";

/** Whether the nightly cleanup runs: the scheduler's traces, the job's state, and what is overdue. */
export const GET = staffRoute({ access: PAGES.retention }, ({ context }) => readVacuumStatus(context));
