import "server-only";
import { measuredOf } from "../effective-state";
import { overallLine } from "../evaluate";
import type { StatusSnapshot } from "@/lib/shared/status-types";

/**
 * /api/status: the snapshot for machines, in snake_case, built from the same
 * whitelisted fields as the page: { "status", "updated_at", "age_seconds",
 * "stale", "components": [{ "id", "name", "state", "message", "since", "measured_state", "reason" }],
 * "incidents": [...] }. A component's `state` is the one the page shows (its reading combined with the open
 * incidents and the maintenance under way that name it); `measured_state` is Howdah's reading alone, and
 * `reason` names the incident or maintenance, or is null.
 * `updated_at` is when the readings were taken (null before the first run),
 * `age_seconds` how old they were when the answer was made (whole seconds),
 * and `stale` says they are older than `staleAfterMs` (or missing): Howdah
 * has not been able to measure since, so `status` may no longer hold.
 */
/** Whole seconds since the readings were taken; null before the first. */
export function readingAgeSeconds(snapshot: StatusSnapshot | null, nowMs: number): number | null {
  if (!snapshot?.generatedAt) return null;
  return Math.max(0, Math.floor((nowMs - Date.parse(snapshot.generatedAt)) / 1000));
}

export function publicStatusJson(snapshot: StatusSnapshot | null, nowMs: number, staleAfterMs: number) {
  const components = snapshot?.components ?? [];
  const age = readingAgeSeconds(snapshot, nowMs);
  return {
    status: snapshot?.generatedAt ? overallLine(components).state : "unknown",
    updated_at: snapshot?.generatedAt ?? null,
    age_seconds: age,
    stale: age === null || age * 1000 > staleAfterMs,
    components: components.map((c) => ({
      id: c.id,
      name: c.name,
      state: c.state,
      message: c.message,
      since: c.since,
      measured_state: measuredOf(c).state,
      reason: c.reason ?? null,
    })),
    incidents: (snapshot?.incidents ?? []).map((i) => ({
      id: i.id,
      kind: i.kind,
      title: i.title,
      impact: i.impact,
      status: i.status,
      components: i.components,
      scheduled_start: i.scheduledStart,
      scheduled_end: i.scheduledEnd,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      resolved_at: i.resolvedAt,
      updates: i.updates.map((u) => ({ id: u.id, status: u.status, body: u.body, at: u.at })),
    })),
  };
}
