import "server-only";
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { JobEntry } from "./job-windows";
import { unreadableSource } from "./job-windows";
import type { JobSource, SidekiqKeys } from "./keys";
import { isWrongType } from "./pipeline";

/**
 * A job's reference for pages and APIs, instead of its whole stored string
 * (a job can weigh megabytes, and a page of 25 such jobs must not): where to
 * look for it again, and a SHA-256 of its exact stored bytes. Sidekiq's Web
 * UI names a set entry by score and jid, then deletes it by ZREM of its exact
 * value (api.rb SortedEntry#delete → delete_by_value); an entry that is not
 * JSON has no jid, so the digest of the value names it instead, and the
 * action still removes exactly that value.
 *
 * `<locator>:<digest>`: the locator is the set score as Redis wrote it, or a
 * queue index counted from the oldest end.
 */
const DIGEST_HEX = 32;
/** How far a queued job may have moved toward the oldest end (jobs run) before it is called gone. */
const QUEUE_SLACK = 1_000;
/** Set members sharing one exact score that are examined (scores are times to the microsecond). */
const SAME_SCORE_LIMIT = 1_000;

export const JOB_ID_PATTERN = /^(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|[+-]?inf):[0-9a-f]{32}$/;

export function jobDigest(raw: string): string {
  return createHash("sha256").update(raw, "utf8").digest("hex").slice(0, DIGEST_HEX);
}

export function jobId(entry: Pick<JobEntry, "locator" | "raw">): string {
  return `${entry.locator}:${jobDigest(entry.raw)}`;
}

function parseJobId(id: string): { locator: string; digest: string } | null {
  if (!JOB_ID_PATTERN.test(id)) return null;
  const cut = id.lastIndexOf(":");
  return { locator: id.slice(0, cut), digest: id.slice(cut + 1) };
}

/**
 * The exact stored string `id` names, or null when it is no longer there
 * (Sidekiq ran, retried or moved it) or the id is not one Howdah gives out.
 * Bounded: one ZRANGEBYSCORE at the exact score, or one LRANGE of at most
 * QUEUE_SLACK + 1 values.
 */
export async function findJob(redis: Redis, keys: SidekiqKeys, source: JobSource, id: string): Promise<string | null> {
  const ref = parseJobId(id);
  if (!ref) return null;
  const key = keys.source(source);
  let candidates: string[];
  try {
    if (source.kind === "set") {
      candidates = await redis.zrangebyscore(key, ref.locator, ref.locator, "LIMIT", 0, SAME_SCORE_LIMIT);
    } else {
      const fromOldest = Number(ref.locator);
      if (!Number.isSafeInteger(fromOldest) || fromOldest < 0) return null;
      const nearest = Math.max(0, fromOldest - QUEUE_SLACK);
      candidates = await redis.lrange(key, -(fromOldest + 1), -(nearest + 1));
    }
  } catch (error) {
    if (isWrongType(error)) throw unreadableSource(keys, source);
    throw error;
  }
  return candidates.find((raw) => jobDigest(raw) === ref.digest) ?? null;
}
