import "server-only";
import type { ServerContext } from "@/lib/server/context";
import {
  dueSources,
  readSource,
  recordFailure,
  recordGoodCopy,
  recordNotModified,
  type SourceRecord,
} from "@/lib/store/blocklist-subscriptions";
import { fetchList, FETCH_TIMEOUT_MS, MAX_LIST_BYTES } from "./fetch-list";
import { readList } from "./read-list";
import { autoApplyChanges, refreshReviewQueue } from "./review";

/**
 * One round of the `blocklist-sync` job: fetch the URL sources that are due
 * (or the one asked for), keep each good answer as the source's copy and
 * each failure beside the last good copy (with since when and why), then
 * recompute the review queue from every good copy and apply what the
 * sources' rules allow. A source that fails never empties the queue's view
 * of it: its last good copy still counts.
 */
export interface SyncOptions {
  sourceId?: string;
  now?: Date;
  limits?: { timeoutMs: number; maxBytes: number };
}

export interface SyncResult {
  fetched: number;
  updated: number;
  notModified: number;
  failed: number;
  pending: number;
  autoApplied: number;
}

export async function syncSubscriptions(context: ServerContext, options: SyncOptions = {}): Promise<SyncResult> {
  const store = await context.store();
  const now = options.now ?? new Date();
  const limits = options.limits ?? { timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_LIST_BYTES };
  let sources: SourceRecord[];
  if (options.sourceId) {
    const one = await readSource(store, options.sourceId);
    sources = one && one.kind === "url" ? [one] : [];
  } else sources = await dueSources(store, now);

  const result: SyncResult = { fetched: 0, updated: 0, notModified: 0, failed: 0, pending: 0, autoApplied: 0 };
  for (const source of sources) {
    result.fetched++;
    const outcome = await fetchOne(source, limits);
    if (outcome.status === "not_modified") {
      await recordNotModified(store, source.id, now);
      result.notModified++;
    } else if (outcome.status === "failed") {
      await recordFailure(store, source.id, outcome.error, now);
      result.failed++;
    } else {
      await recordGoodCopy(store, source.id, { ...outcome.copy, at: now });
      result.updated++;
    }
  }
  result.pending = (await refreshReviewQueue(context)).pending;
  result.autoApplied = (await autoApplyChanges(context)).applied;
  return result;
}

type One =
  | { status: "not_modified" }
  | { status: "failed"; error: string }
  | {
      status: "ok";
      copy: {
        entries: import("@/lib/store/blocklist-subscriptions").SourceEntry[];
        malformed: number;
        format: string;
        etag: string | null;
        lastModified: string | null;
      };
    };

async function fetchOne(source: SourceRecord, limits: { timeoutMs: number; maxBytes: number }): Promise<One> {
  // Without a good copy there is nothing to compare with: ask for the whole list.
  const validators = source.goodAt
    ? { etag: source.etag, lastModified: source.lastModified }
    : { etag: null, lastModified: null };
  const answer = await fetchList(source.url!, validators, limits);
  if (answer.status !== "ok") return answer;
  const list = readList(answer.body, source.defaultSeverity);
  if (!list.ok) return { status: "failed", error: list.error };
  return {
    status: "ok",
    copy: {
      entries: list.entries,
      malformed: list.malformed,
      format: list.format,
      etag: answer.etag,
      lastModified: answer.lastModified,
    },
  };
}
