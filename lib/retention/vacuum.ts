import "server-only";
import { z } from "zod";
import { HowdahError } from "@/lib/errors";
import { VACUUM_CLASS, type VacuumSchedule } from "@/lib/mastodon/retention/area";
import type { JobSource } from "@/lib/mastodon/sidekiq/area";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit } from "@/lib/store/audit";
import { readSnapshots } from "@/lib/store/storage-reads";
import type { RetentionActor } from "./settings";

/**
 * "Did the cleanup run?" Mastodon records no vacuum run (facts B4): this
 * gathers what the Sidekiq Redis says (sidekiq-scheduler's enqueue times,
 * the job queued, running or failed, its unique lock) and the one effect the
 * database shows: cached remote media or remote posts older than the
 * configured period plus a grace of two days, which a working vacuum would
 * have removed. And "run the cleanup now": the job enqueued as
 * sidekiq-scheduler would, after an explicit confirmation.
 */
export const GRACE_DAYS = 2;
const FAILURE_LIMIT = 5;
const SCAN_LIMIT = 5_000;

export interface VacuumJobSeen {
  where: "queued" | "running" | "retry" | "dead";
  jid: string | null;
  /** Enqueued (queued), started (running) or failed/died at, epoch ms. */
  at: number | null;
  error: string | null;
}

export interface VacuumStatus {
  schedule: VacuumSchedule;
  jobs: VacuumJobSeen[];
  /** Queued VacuumScheduler jobs found (among the first 5,000 of the queue). */
  queued: number;
  running: number;
  failures: number;
  /** The unique-jobs lock: held, free, or unknown (no payload carried its digest). */
  lock: "held" | "free" | "unknown";
  overdue: {
    media: { id: string; createdAt: string; periodDays: number } | null;
    status: { id: string; createdAt: string; periodDays: number } | null;
  };
  /**
   * Bytes the daily storage reconcile saw go, per UTC day (last 14 days, from Howdah's storage snapshots):
   * the vacuum's evictions and deletions, the nearest record there is of what a run cleared.
   */
  clearedPerDay: { day: string; bytes: number }[];
  /** "retention is set but nothing happens", with the likely causes; null when nothing is overdue. */
  warning: { message: string; causes: string[] } | null;
}

export async function readVacuumStatus(context: ServerContext, nowMs = Date.now()): Promise<VacuumStatus> {
  const { retention, sidekiq } = context.mastodon;
  const settings = await retention.readSettings();
  const days = (name: string) => settings.find((s) => s.var === name)?.effectiveDays ?? null;
  const mediaDays = days("media_cache_retention_period");
  const contentDays = days("content_cache_retention_period");

  // A queue no process has registered yet (no `scheduler` in `queues`) holds no job: empty, not an error.
  const window = (source: JobSource) =>
    sidekiq
      .jobWindow(source, {
        offset: 0,
        limit: FAILURE_LIMIT,
        classFilter: VACUUM_CLASS,
        maxScan: SCAN_LIMIT,
        reverse: source.kind === "set",
      })
      .catch((error: unknown) => {
        if (error instanceof HowdahError && error.code === "not_found") return { entries: [] };
        throw error;
      });
  const [schedule, queued, retry, dead, snapshot, overdue] = await Promise.all([
    retention.readVacuumSchedule(),
    window({ kind: "queue", queue: "scheduler" }),
    window({ kind: "set", set: "retry" }),
    window({ kind: "set", set: "dead" }),
    sidekiq.snapshot({ work: true }),
    retention.readOverdueCache({ mediaDays, contentDays }, GRACE_DAYS, nowMs),
  ]);

  const jobs: VacuumJobSeen[] = [];
  for (const e of queued.entries)
    jobs.push({ where: "queued", jid: e.fields?.jid ?? null, at: e.fields?.enqueuedAt ?? null, error: null });
  for (const p of snapshot.processes)
    for (const r of p.running)
      if (r.displayClass === VACUUM_CLASS) jobs.push({ where: "running", jid: r.jid, at: r.runAt, error: null });
  for (const [where, set] of [
    ["retry", retry],
    ["dead", dead],
  ] as const)
    for (const e of set.entries)
      jobs.push({
        where,
        jid: e.fields?.jid ?? null,
        at: e.fields?.failedAt ?? e.scoreMs,
        error: e.fields?.errorClass ? `${e.fields.errorClass}: ${e.fields.errorMessage ?? ""}`.trim() : null,
      });

  const digests = [...queued.entries, ...retry.entries, ...dead.entries]
    .map((e) => retention.lockDigestOf(e.raw))
    .filter((d): d is string => d !== null);
  const lock = digests.length === 0 ? "unknown" : (await retention.lockedDigests(digests)).length > 0 ? "held" : "free";

  const overdueView = {
    media:
      overdue.media && mediaDays !== null
        ? { id: overdue.media.id, createdAt: overdue.media.createdAt.toISOString(), periodDays: mediaDays }
        : null,
    status:
      overdue.status && contentDays !== null
        ? { id: overdue.status.id, createdAt: overdue.status.createdAt.toISOString(), periodDays: contentDays }
        : null,
  };
  const fromDay = new Date(nowMs - 14 * 86_400_000).toISOString().slice(0, 10);
  const snapshots = await readSnapshots(await context.store(), fromDay);
  const clearedPerDay = snapshots.map((s) => ({ day: s.day, bytes: s.freedBytes }));
  const running = jobs.filter((j) => j.where === "running").length;
  const failures = jobs.filter((j) => j.where === "retry" || j.where === "dead").length;
  return {
    schedule,
    jobs,
    queued: queued.entries.length,
    running,
    failures,
    lock,
    overdue: overdueView,
    clearedPerDay,
    warning: overdueWarning(overdueView, { schedule, running, failures, lock, queued: queued.entries.length }, nowMs),
  };
}

function overdueWarning(
  overdue: VacuumStatus["overdue"],
  seen: { schedule: VacuumSchedule; running: number; failures: number; lock: VacuumStatus["lock"]; queued: number },
  nowMs: number,
): VacuumStatus["warning"] {
  const parts: string[] = [];
  if (overdue.media)
    parts.push(
      `cached remote media from ${overdue.media.createdAt.slice(0, 10)} (period ${overdue.media.periodDays} days)`,
    );
  if (overdue.status)
    parts.push(`remote posts from ${overdue.status.createdAt.slice(0, 10)} (period ${overdue.status.periodDays} days)`);
  if (parts.length === 0) return null;
  const causes: string[] = [];
  const day = 86_400_000;
  const last = seen.schedule.lastEnqueuedAt;
  if (seen.schedule.enabled === false)
    causes.push("The vacuum_scheduler job is disabled in sidekiq-scheduler's web page.");
  if (last === null)
    causes.push(
      "sidekiq-scheduler has no record of enqueueing it: no Sidekiq process runs the `scheduler` queue " +
        "(sidekiq-scheduler only schedules in a process that listens to it), or the scheduler is off.",
    );
  else if (nowMs - last > 2 * day)
    causes.push(`It was last enqueued ${Math.floor((nowMs - last) / day)} days ago: the daily schedule is not firing.`);
  if (seen.queued > 0 && seen.running === 0)
    causes.push("It is waiting in the `scheduler` queue: no Sidekiq process is working that queue.");
  if (seen.failures > 0) causes.push("Recent runs failed (see the retry and dead sets below).");
  if (seen.lock === "held" && seen.running === 0 && seen.queued === 0)
    causes.push(
      "Its unique lock is held with no job queued or running: a run that was killed keeps new ones from " +
        "being enqueued until the lock's one-day TTL ends.",
    );
  causes.push(
    "A run can stop part-way without a failed job: each step only logs `Error while running …` " +
      "(on 4.3 one failing media batch ends the media step), or the run outlasts a Sidekiq restart. " +
      "Sidekiq's log says which.",
  );
  return {
    message:
      `Retention is set, but ${parts.join(" and ")} are still here, more than ${GRACE_DAYS} days past the period: ` +
      "the nightly cleanup is not doing its work.",
    causes,
  };
}

export const runVacuumInput = z.object({
  confirm: z.literal(true, {
    message: "Confirm that the whole cleanup runs now, content purge included.",
  }),
});

export async function runVacuumNow(
  context: ServerContext,
  actor: RetentionActor,
  input: z.infer<typeof runVacuumInput>,
): Promise<{ message: string; jid: string }> {
  if (input.confirm !== true) throw new HowdahError("bad_request", "Confirm that the whole cleanup runs now.");
  const job = await context.mastodon.retention.enqueueVacuum();
  const store = await context.store();
  await recordAudit(store, {
    actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
    action: "retention.run_vacuum",
    targetType: "vacuum",
    target: VACUUM_CLASS,
    ip: actor.ip,
    details: { jid: job.jid, queue: job.queue },
  });
  return {
    message:
      `Scheduler::VacuumScheduler is queued on “${job.queue}” (job ${job.jid}); a Sidekiq process working that queue ` +
      "runs the whole cleanup, content purge included.",
    jid: job.jid,
  };
}
