import "server-only";
import { jsonInteger, jsonString, scanArray } from "./payload-scan";

/**
 * Where a Mastodon job comes from or goes to, read from its `args` text:
 *
 * - ActivityPub::DeliveryWorker / LowPriorityDeliveryWorker (push):
 *   args = [json, source_account_id, inbox_url, options] → the inbox's host;
 * - ActivityPub::ProcessingWorker (ingress):
 *   args = [actor_id, body, delivered_to_account_id, actor_type] → the
 *   sending account's id (its domain comes from the accounts table).
 */
export const DELIVERY_CLASSES = new Set(["ActivityPub::DeliveryWorker", "ActivityPub::LowPriorityDeliveryWorker"]);
export const PROCESSING_CLASS = "ActivityPub::ProcessingWorker";

export type JobOrigin = { kind: "inbox"; host: string } | { kind: "sender"; accountId: string } | null;

export function jobOrigin(className: string | null, argsText: string | null): JobOrigin {
  if (!className || !argsText) return null;
  if (DELIVERY_CLASSES.has(className)) {
    const url = jsonString(scanArray(argsText)?.[2]);
    if (!url || !URL.canParse(url)) return null;
    return { kind: "inbox", host: new URL(url).hostname };
  }
  if (className === PROCESSING_CLASS) {
    // Only the first element is needed: a regex keeps every digit of a snowflake id.
    const id = jsonInteger(/^\[\s*(-?\d+)\s*[,\]]/.exec(argsText)?.[1]);
    return id ? { kind: "sender", accountId: id } : null;
  }
  return null;
}
