"use client";

import { useState } from "react";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { useRetentionSettings, useRunVacuum, useVacuumStatus, useWhatIf } from "@/lib/client/use-retention";
import type { WhatIf } from "@/lib/mastodon/retention/area";
import type { VacuumStatus } from "@/lib/retention/vacuum";
import { formatBytes, formatCount, formatDay } from "@/lib/shared/format";
import { BUTTON } from "./retention-settings-form";

const WHERE: Record<VacuumStatus["jobs"][number]["where"], string> = {
  queued: "Queued",
  running: "Running",
  retry: "Failed (retry set)",
  dead: "Failed (dead set)",
};

/**
 * "Did the cleanup run?": what sidekiq-scheduler wrote in the Sidekiq Redis
 * (when it enqueued the vacuum; Mastodon records no completed run), whether
 * it waits or runs now, its failures, and the overdue-data warning.
 */
export function VacuumStatusCard({ initial, canRun }: { initial?: VacuumStatus; canRun: boolean }) {
  const query = useVacuumStatus(initial);
  const status = query.data;
  if (!status) return <Card title="Nightly cleanup">{query.error ? query.error.message : "Loading…"}</Card>;
  const { schedule } = status;
  return (
    <Card title="Nightly cleanup">
      <div className="flex flex-col gap-4 text-sm">
        {status.warning ? (
          <Notice tone="warn" title="Retention is set, but nothing happens">
            <p>{status.warning.message}</p>
            <ul className="mt-2 list-disc pl-5">
              {status.warning.causes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2">
          <div>
            <dt className="text-muted">Last enqueued by the scheduler</dt>
            <dd>
              <DateTime at={schedule.lastEnqueuedAt} unknown="No record in Redis" />
            </dd>
          </div>
          <div>
            <dt className="text-muted">Next due</dt>
            <dd>
              <DateTime at={schedule.nextDueAt} unknown="No record in Redis" />
              {schedule.enabled === false ? " (disabled in sidekiq-scheduler)" : ""}
            </dd>
          </div>
          <div>
            <dt className="text-muted">Now</dt>
            <dd>
              {status.running > 0 ? "Running" : status.queued > 0 ? "Queued, waiting for a worker" : "Not queued"}
            </dd>
          </div>
          <div>
            <dt className="text-muted">Unique lock</dt>
            <dd>
              {status.lock === "held"
                ? "Held (a run is queued, running, or was killed)"
                : status.lock === "free"
                  ? "Free"
                  : "Not known (no job of it seen)"}
            </dd>
          </div>
        </dl>
        <p className="text-muted">
          The scheduler&apos;s time is when it enqueued the job, not when it finished; the run&apos;s minute and hour
          are picked anew at every Sidekiq restart.
        </p>
        {status.jobs.length > 0 ? (
          <ul className="flex flex-col gap-1">
            {status.jobs.map((j, i) => (
              <li key={`${j.where}-${j.jid ?? i}`}>
                {WHERE[j.where]} <DateTime at={j.at} /> {j.error ? `— ${j.error}` : ""}
              </li>
            ))}
          </ul>
        ) : null}
        <div>
          <h3 className="font-medium">Cleared per day</h3>
          {status.clearedPerDay.length === 0 ? (
            <p className="text-muted">No storage counts yet (the Storage page&apos;s daily reconcile records them).</p>
          ) : (
            <ul aria-label="Cleared per day" className="flex flex-wrap gap-x-4 gap-y-1">
              {status.clearedPerDay.map((d) => (
                <li key={d.day}>
                  {formatDay(d.day)}: {formatBytes(d.bytes)}
                </li>
              ))}
            </ul>
          )}
          <p className="text-muted">Bytes the daily storage reconcile saw go: evictions and deletions, UTC days.</p>
        </div>
        {canRun ? <RunNow /> : null}
      </div>
    </Card>
  );
}

function RunNow() {
  const run = useRunVacuum();
  const [confirmed, setConfirmed] = useState(false);
  return (
    <div className="flex flex-col gap-2 border-t border-line pt-4">
      <label className="flex min-h-11 cursor-pointer items-start gap-3 rounded-md border border-bad/40 bg-bad-soft p-3">
        <input
          type="checkbox"
          className="mt-0.5 size-5"
          checked={confirmed}
          onChange={(e) => setConfirmed(e.target.checked)}
        />
        <span>
          Run the whole cleanup now: it clears cached media, deletes remote posts older than the content period (with
          local favourites, bookmarks and boosts of them), old user archives, expired tokens and stale feeds.
        </span>
      </label>
      {confirmed ? <CurrentWhatIf /> : null}
      {run.error ? <Notice tone="bad">{run.error.message}</Notice> : null}
      {run.data ? <Notice>{run.data.message}</Notice> : null}
      <div>
        <button
          type="button"
          className={`${BUTTON} bg-bad text-white`}
          disabled={!confirmed || run.isPending}
          onClick={() => run.mutate(undefined, { onSuccess: () => setConfirmed(false) })}
        >
          Run the cleanup now
        </button>
      </div>
    </div>
  );
}

/** What a run removes at the current values, shown once the admin ticks the confirmation. */
function CurrentWhatIf() {
  const settings = useRetentionSettings().data?.settings;
  const current = settings
    ? Object.fromEntries(settings.map((s) => [s.var, s.choice === "days" ? String(s.days) : s.choice]))
    : null;
  const whatIf = useWhatIf(current);
  if (whatIf.error) return <Notice tone="bad">{whatIf.error.message}</Notice>;
  if (!whatIf.data) return <p className="text-muted">Counting what it removes…</p>;
  return (
    <section aria-label="What this run removes" className="flex flex-col gap-1">
      <h3 className="font-medium">At the current values, this run removes</h3>
      <ul className="list-disc pl-5">
        {describeRun(whatIf.data.current).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}

function describeRun(w: WhatIf): string[] {
  const lines: string[] = [];
  if (w.media) lines.push(`${formatCount(w.media.files)} cached remote media files (${formatBytes(w.media.bytes)})`);
  if (w.previewCards) lines.push(`${formatCount(w.previewCards.images)} preview-card images`);
  if (w.statuses)
    lines.push(
      `${formatCount(w.statuses.total)} remote posts, ${formatCount(w.statuses.total - w.statuses.untouched)} of ` +
        `them touched by local users, and ${formatCount(w.statuses.localBoostsCascaded)} local boosts of them`,
    );
  else lines.push("no remote posts (the content cache period is off)");
  if (w.archives) lines.push(`${formatCount(w.archives.count)} user archives (${formatBytes(w.archives.bytes)})`);
  lines.push(`${formatCount(w.orphans.files)} orphaned media files (${formatBytes(w.orphans.bytes)})`);
  return lines;
}
