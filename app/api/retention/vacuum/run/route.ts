import { RULES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { runVacuumInput, runVacuumNow } from "@/lib/retention/vacuum";

export const dynamic = "force-dynamic";

/** Enqueue Scheduler::VacuumScheduler now (view_devops, as Mastodon's Sidekiq page, plus manage_settings). */
export const POST = staffRoute(
  { access: RULES.runVacuum, input: runVacuumInput },
  ({ context, staff, input, request }) => runVacuumNow(context, { staff, ip: clientIp(request.headers) }, input),
);
