import "server-only";
import type { ServerContext } from "@/lib/server/context";
import { GRACE_DAYS } from "./vacuum";

/**
 * "Retention is set but nothing happens", in one sentence, for the places
 * that only point at it: the overview's Storage tile and the public status
 * page's Media component. The same probe as the Retention page's (the oldest
 * row the vacuum's own predicate selects at the period plus two days), read
 * at most every five minutes per server, and silent when it cannot be read:
 * a pointer must never be what breaks the page it sits on.
 */
export interface OverdueWarning {
  /** For staff: what is overdue. */
  message: string;
  /** For the public: what it means, without the admin's detail. */
  publicMessage: string;
}

const TTL_MS = 5 * 60_000;
const cache = new WeakMap<ServerContext, { at: number; value: OverdueWarning | null }>();

export async function readOverdueWarning(context: ServerContext, nowMs = Date.now()): Promise<OverdueWarning | null> {
  const hit = cache.get(context);
  if (hit && nowMs - hit.at < TTL_MS && nowMs >= hit.at) return hit.value;
  const value = await probe(context, nowMs).catch(() => hit?.value ?? null);
  cache.set(context, { at: nowMs, value });
  return value;
}

/** Forget the cached answer (after a save or a run on the Retention page, and in tests). */
export function forgetOverdueWarning(context: ServerContext): void {
  cache.delete(context);
}

async function probe(context: ServerContext, nowMs: number): Promise<OverdueWarning | null> {
  const { retention } = context.mastodon;
  const settings = await retention.readSettings();
  const days = (name: string) => settings.find((s) => s.var === name)?.effectiveDays ?? null;
  const periods = {
    mediaDays: days("media_cache_retention_period"),
    contentDays: days("content_cache_retention_period"),
  };
  if (periods.mediaDays === null && periods.contentDays === null) return null;
  const overdue = await retention.readOverdueCache(periods, GRACE_DAYS, nowMs);
  const parts: string[] = [];
  if (overdue.media && periods.mediaDays !== null)
    parts.push(`cached remote media from ${overdue.media.createdAt.toISOString().slice(0, 10)}`);
  if (overdue.status && periods.contentDays !== null)
    parts.push(`remote posts from ${overdue.status.createdAt.toISOString().slice(0, 10)}`);
  if (parts.length === 0) return null;
  return {
    message:
      `Retention is set, but ${parts.join(" and ")} are still here, more than ${GRACE_DAYS} days past the ` +
      "period: the nightly cleanup is not doing its work.",
    publicMessage:
      "The nightly cleanup of content cached from other servers is behind, so storage grows faster than planned.",
  };
}
