import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { alertSettingsInput } from "@/lib/queues/alert-settings";
import { getAlertsView, saveAlertSettings } from "@/lib/queues/alerts-view";
import { assertCanViewQueueFigures } from "@/lib/queues/permissions";

export const dynamic = "force-dynamic";

/** Active backlog alerts and the thresholds behind them. */
export const GET = staffRoute({ permission: null }, ({ context, staff }) => {
  assertCanViewQueueFigures(staff);
  return getAlertsView(context);
});

/** Changes thresholds (view_devops, like every Sidekiq action); recorded in the audit log. */
export const PUT = staffRoute(
  { permission: "view_devops", input: alertSettingsInput },
  ({ context, staff, input, request }) => saveAlertSettings(context, { staff, ip: clientIp(request.headers) }, input),
);
