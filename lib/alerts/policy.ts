import "server-only";
import { readAlertPolicy } from "@/lib/store/alerting";
import type { Store } from "@/lib/store/connection";
import type { NotifyPolicy } from "./notifier-state";

/** Grafana's defaults, near enough: fire after 5 minutes, repeat every 4 hours while it lasts. */
export const DEFAULT_POLICY: NotifyPolicy = { pendingSeconds: 300, repeatSeconds: 4 * 3600 };

export async function getNotifyPolicy(store: Store): Promise<NotifyPolicy & { updatedBy: string | null }> {
  const row = await readAlertPolicy(store);
  return row
    ? { pendingSeconds: row.pendingSeconds, repeatSeconds: row.repeatSeconds, updatedBy: row.updatedBy }
    : { ...DEFAULT_POLICY, updatedBy: null };
}
