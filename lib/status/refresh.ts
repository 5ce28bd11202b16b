import "server-only";
import { processSingleton } from "@/lib/shared/process-singleton";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";
import { probeStore } from "@/lib/store/store-info";
import { outageLog, type OutageLog } from "@/lib/server/outage-log";
import { applyIncidents, measuredOf } from "./effective-state";
import { evaluateComponents, type Evaluated } from "./evaluate";
import { pruneHistory, readResponseTimes, readSince, readUptime, recordSamples, type SampleInput } from "./history";
import { listPublicIncidents } from "./incidents";
import { readingsBoundMs, takeReadings, within } from "./readings";
import { offerSnapshot } from "./snapshot-cache";
import {
  newer,
  readSnapshotFromFile,
  readSnapshotFromStore,
  saveSnapshotToFile,
  saveSnapshotToStore,
} from "./snapshot-store";
import { COMPONENT_NAMES, type ComponentStatus, type StatusSnapshot } from "@/lib/shared/status-types";

/**
 * The status round (every 30 s, refresh-loop.ts, in each web process): take
 * the readings, judge each component, publish a snapshot, record the history.
 *
 * It needs neither Redis nor PostgreSQL to publish. Every reading is bounded
 * in time (readings.ts); the snapshot goes to this process's memory and to the
 * local file first if the store does not answer within STORE_QUICK_MS, so an
 * outage of either shows within one round; and the store's part (recording
 * samples, reading the uptime bars and incidents, saving the snapshot) runs
 * at most one at a time and within STORE_SYNC_MS, so a frozen store neither
 * holds the round nor piles up behind itself. Samples not yet recorded wait
 * in memory (up to a day) and are recorded, in order and with their own
 * times, once the store answers again, so the outage shows in the uptime bars
 * instead of vanishing from them. A sample is keyed by (component, time): one
 * recorded twice (a write that timed out after it landed) is recorded once.
 */
const STORE_WAIT_MS = 3_000;
const STORE_QUICK_MS = 1_000;
const STORE_SYNC_MS = 6_000;
const MAX_PENDING_RUNS = 2_880; // a day of 30-second runs

/**
 * The longest from one round's start to the next one's when the interval is
 * shorter: the readings' bound and two seconds to publish them. The store's
 * part of a round is not waited for (its samples wait in memory), so a
 * frozen store does not slow the rounds down.
 */
export function roundBoundMs(context: ServerContext): number {
  return readingsBoundMs(context) + 2_000;
}

interface PendingRun {
  at: Date;
  samples: SampleInput[];
}

type History = Pick<StatusSnapshot, "uptime" | "responseTimes" | "incidents">;

interface Synced {
  store: Store;
  fromStore: StatusSnapshot | null;
  history: History;
  since: Map<string, Date | null>;
}

interface RefreshState {
  last: StatusSnapshot | null;
  pending: PendingRun[];
  /** The store's part of a round while it runs; a round that finds one running leaves its samples pending. */
  syncing: Promise<Synced | null> | null;
  storeLog: OutageLog;
}
const states = processSingleton("status-refresh-states", () => new WeakMap<ServerContext, RefreshState>());

function stateFor(context: ServerContext): RefreshState {
  let state = states.get(context);
  if (!state) {
    state = { last: null, pending: [], syncing: null, storeLog: outageLog("[howdah status] Howdah's store") };
    states.set(context, state);
  }
  return state;
}

/** How many rounds' samples wait for the store (for tests and the log). */
export function pendingSampleRuns(context: ServerContext): number {
  return stateFor(context).pending.length;
}

const TIMED_OUT = Symbol("timed out");
function orTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  return within<T | typeof TIMED_OUT>(promise, ms, TIMED_OUT);
}

async function reachableStore(context: ServerContext): Promise<Store | null> {
  const store = await within(context.store(), STORE_WAIT_MS, null);
  if (!store) return null;
  // context.store() is resolved once migrated; a ping says whether it answers now.
  const alive = await within(
    probeStore(store).then((h) => h.ok),
    STORE_WAIT_MS,
    false,
  );
  return alive ? store : null;
}

/** The newest snapshot anywhere: this process's last one, the store's, the file's. */
async function previousSnapshot(
  context: ServerContext,
  state: RefreshState,
  store: Store | null,
): Promise<StatusSnapshot | null> {
  const fromStore = store ? await within(readSnapshotFromStore(store), STORE_WAIT_MS, null) : null;
  const fromFile = await readSnapshotFromFile(context.config.howdah.status.snapshotFile);
  return newer(newer(state.last, fromFile), fromStore);
}

/** Writes the snapshot everywhere it is read from; the file always, the store when it answers. */
export async function publishSnapshot(
  context: ServerContext,
  snapshot: StatusSnapshot,
  store: Store | null,
): Promise<void> {
  const state = stateFor(context);
  state.last = newer(state.last, snapshot);
  offerSnapshot(context, snapshot);
  await Promise.all([
    saveSnapshotToFile(context.config.howdah.status.snapshotFile, snapshot).catch((error) =>
      console.error(`[howdah status] cannot write the snapshot file: ${(error as Error).message}`),
    ),
    store ? within(saveSnapshotToStore(store, snapshot), STORE_WAIT_MS, undefined) : undefined,
  ]);
}

/** Records every pending round in order, then reads what the page shows from the history. */
async function syncWithStore(context: ServerContext, state: RefreshState, evaluated: Evaluated[], now: Date) {
  const store = await reachableStore(context);
  if (!store) {
    state.storeLog.failed("it does not answer; the samples wait in memory until it does");
    return null;
  }
  try {
    const fromStore = await readSnapshotFromStore(store).catch(() => null);
    while (state.pending.length > 0) {
      const run = state.pending[0]!;
      await recordSamples(store, run.at, run.samples);
      state.pending.shift();
    }
    const [uptime, responseTimes, incidents, since] = await Promise.all([
      readUptime(store, now),
      readResponseTimes(store, now),
      listPublicIncidents(store, now),
      readSince(store, evaluated),
    ]);
    await pruneHistory(store, now);
    state.storeLog.recovered();
    return { store, fromStore, history: { uptime, responseTimes, incidents }, since };
  } catch (error) {
    state.storeLog.failed(`history not recorded: ${(error as Error).message}`);
    return null;
  }
}

function startSync(context: ServerContext, state: RefreshState, evaluated: Evaluated[], now: Date) {
  if (state.syncing) return Promise.resolve(null);
  const syncing = syncWithStore(context, state, evaluated, now).finally(() => {
    if (state.syncing === syncing) state.syncing = null;
  });
  state.syncing = syncing;
  return syncing;
}

function buildSnapshot(
  context: ServerContext,
  evaluated: Evaluated[],
  now: Date,
  previous: StatusSnapshot | null,
  synced: Synced | null,
): StatusSnapshot {
  const components: ComponentStatus[] = evaluated.map((e) => {
    const before = previous?.components.find((c) => c.id === e.id);
    const measuredBefore = before ? measuredOf(before) : null;
    const kept = measuredBefore && measuredBefore.state === e.state ? measuredBefore.since : null;
    const since = synced?.since.get(e.id)?.toISOString() ?? kept ?? now.toISOString();
    return {
      id: e.id,
      name: COMPONENT_NAMES[e.id],
      state: e.state,
      message: e.message,
      since,
      measured: { state: e.state, since },
      reason: null,
      responseMs: e.responseMs,
    };
  });
  const incidents = synced?.history.incidents ?? previous?.incidents ?? [];
  return {
    version: 1,
    publishedAt: now.toISOString(),
    generatedAt: now.toISOString(),
    domain: context.config.mastodon.localDomain,
    // The incidents and maintenance windows decide here, once per snapshot, not per request.
    components: applyIncidents(components, incidents, now.getTime()),
    uptime: synced?.history.uptime ?? previous?.uptime ?? {},
    responseTimes: synced?.history.responseTimes ?? previous?.responseTimes ?? { web: [], streaming: [] },
    incidents,
  };
}

export interface RoundOptions {
  /**
   * Epoch ms after which the round's readings are too old to use: a round
   * whose readings come later publishes and records nothing (the loop has
   * moved on to a newer round).
   */
  deadline?: number;
}

export async function refreshStatus(context: ServerContext, options: RoundOptions = {}): Promise<StatusSnapshot> {
  const state = stateFor(context);
  const readings = await takeReadings(context);
  const now = new Date();
  const evaluated = evaluateComponents(readings, context.config.howdah.status.thresholds);
  const previous = newer(state.last, await readSnapshotFromFile(context.config.howdah.status.snapshotFile));
  if (options.deadline !== undefined && now.getTime() > options.deadline) {
    return buildSnapshot(context, evaluated, now, previous, null);
  }

  state.pending.push({
    at: now,
    samples: evaluated.map((e) => ({ id: e.id, state: e.state, responseMs: e.responseMs })),
  });
  if (state.pending.length > MAX_PENDING_RUNS) state.pending.splice(0, state.pending.length - MAX_PENDING_RUNS);

  const syncing = startSync(context, state, evaluated, now);
  let synced = await orTimeout(syncing, STORE_QUICK_MS);
  if (synced === TIMED_OUT) {
    // The store is slow or down: members see the readings now, the history when (if) it answers.
    const quick = buildSnapshot(context, evaluated, now, previous, null);
    await publishSnapshot(context, quick, null);
    synced = await orTimeout(syncing, STORE_SYNC_MS - STORE_QUICK_MS);
    if (synced === TIMED_OUT || synced === null) return quick;
    // A later round published newer readings while the store kept this one waiting: those stand.
    if (Date.parse(state.last?.generatedAt ?? "") > now.getTime()) return quick;
    const full = buildSnapshot(context, evaluated, now, newer(previous, synced.fromStore), synced);
    full.publishedAt = new Date(Math.max(Date.now(), Date.parse(quick.publishedAt) + 1)).toISOString();
    await publishSnapshot(context, full, synced.store);
    return full;
  }
  const snapshot = buildSnapshot(context, evaluated, now, newer(previous, synced?.fromStore ?? null), synced);
  await publishSnapshot(context, snapshot, synced?.store ?? null);
  return snapshot;
}

/**
 * After staff change an incident: the same readings with the new incident
 * list, published at once so members see it within seconds, not at the
 * loop's next round.
 */
export async function republishIncidents(context: ServerContext, store: Store): Promise<StatusSnapshot> {
  const state = stateFor(context);
  const previous = await previousSnapshot(context, state, store);
  const now = new Date();
  const snapshot: StatusSnapshot = {
    version: 1,
    generatedAt: previous?.generatedAt ?? null,
    domain: context.config.mastodon.localDomain,
    components: previous?.components ?? [],
    uptime: previous?.uptime ?? {},
    responseTimes: previous?.responseTimes ?? { web: [], streaming: [] },
    ...previous,
    publishedAt: new Date(Math.max(now.getTime(), Date.parse(previous?.publishedAt ?? "") + 1 || 0)).toISOString(),
    incidents: await listPublicIncidents(store, now),
  };
  // The same readings, judged again with the new incident list.
  snapshot.components = applyIncidents(snapshot.components, snapshot.incidents, now.getTime());
  await publishSnapshot(context, snapshot, store);
  return snapshot;
}
