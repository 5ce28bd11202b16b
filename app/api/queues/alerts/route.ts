import { PAGES, RULES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { alertSettingsInput } from "@/lib/queues/alert-settings";
import { getAlertsView, saveAlertSettings } from "@/lib/queues/alerts-view";

export const dynamic = "force-dynamic";

/** Active backlog alerts and the thresholds behind them. */
export const GET = staffRoute({ access: PAGES.queues }, ({ context }) => {
  return getAlertsView(context);
});

/** Changes thresholds (view_devops, like every Sidekiq action); recorded in the audit log. */
export const PUT = staffRoute(
  { access: RULES.manageJobs, input: alertSettingsInput },
  ({ context, staff, input, request }) => saveAlertSettings(context, { staff, ip: clientIp(request.headers) }, input),
);
