import "server-only";
import type { Staff } from "@/lib/auth/current-staff";
import { allows, RULES } from "@/lib/auth/access";
import type { ServerContext } from "@/lib/server/context";
import { processSingleton } from "@/lib/shared/process-singleton";
import { getQueuesSummary } from "./summary";

/**
 * The Queues page's poll, answered as JSON from one reading shared for up to
 * SHARE_MS within a process: every open tab polls every few seconds, and
 * readings taken within the same second say the same thing (the answer's
 * `takenAt` tells the reading's moment). Each permission variant (running
 * jobs' args shown or not, actions offered or not) has its own reading, so
 * nobody is answered with what only another role may see; who may have an
 * answer at all is decided per request, before this (the session rules of
 * lib/auth/sessions.ts are untouched). A job, process or settings change made
 * in this process is seen by the next poll (forgetSharedSummaries), and a
 * request that asks for a fresh answer (`Cache-Control: no-cache`, as a
 * reload sends) gets one.
 */
export const SHARE_MS = 1_000;

interface Shared {
  body: Promise<string>;
  at: number;
  generation: number;
}

// One per process (see process-singleton.ts): the actions run in Next's bundles, the poll in the server entry's.
const state = () =>
  processSingleton("queues-summary-share", () => ({
    generation: 0,
    byContext: new WeakMap<ServerContext, Map<string, Shared>>(),
  }));

/** The summary's JSON for `staff`, from a reading at most SHARE_MS old unless `fresh`. */
export function sharedSummaryJson(
  context: ServerContext,
  staff: Pick<Staff, "permissions">,
  options: { fresh?: boolean; now?: number } = {},
): Promise<string> {
  const now = options.now ?? Date.now();
  const shared = state();
  let readings = shared.byContext.get(context);
  if (!readings) shared.byContext.set(context, (readings = new Map()));
  const variant = `${allows(RULES.viewJobs, staff.permissions)}:${allows(RULES.manageJobs, staff.permissions)}`;
  const hit = readings.get(variant);
  if (!options.fresh && hit && hit.generation === shared.generation && now - hit.at < SHARE_MS && now >= hit.at)
    return hit.body;
  // Stored before it resolves, so polls arriving meanwhile wait for this reading instead of taking their own.
  const entry: Shared = {
    body: getQueuesSummary(context, staff).then((summary) => JSON.stringify(summary)),
    at: now,
    generation: shared.generation,
  };
  readings.set(variant, entry);
  entry.body.catch(() => {
    if (readings.get(variant) === entry) readings.delete(variant);
  });
  return entry.body;
}

/** After a change to jobs, processes or alert settings: the next poll in this process takes a new reading. */
export function forgetSharedSummaries(): void {
  state().generation++;
}
