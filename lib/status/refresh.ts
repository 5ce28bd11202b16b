import "server-only";
import type { ServerContext } from "@/lib/server/context";
import type { Store } from "@/lib/store/connection";
import { probeStore } from "@/lib/store/store-info";
import { evaluateComponents } from "./evaluate";
import { pruneHistory, readResponseTimes, readSince, readUptime, recordSamples, type SampleInput } from "./history";
import { listPublicIncidents } from "./incidents";
import { takeReadings } from "./readings";
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
 * The worker's status round (every 30 s): take the readings, judge each
 * component, record the history, and publish a snapshot to the store and to
 * the local file. When the store is down (often because it lives in the same
 * PostgreSQL that just failed), the snapshot still goes to the file, and the
 * samples wait in memory (up to a day) to be recorded once the store is back,
 * so the outage shows in the uptime bars instead of vanishing from them.
 */
const STORE_WAIT_MS = 3_000;
const MAX_PENDING_RUNS = 2_880; // a day of 30-second runs

interface WorkerState {
  last: StatusSnapshot | null;
  pending: { at: Date; samples: SampleInput[] }[];
}
const states = new WeakMap<ServerContext, WorkerState>();

function stateFor(context: ServerContext): WorkerState {
  let state = states.get(context);
  if (!state) {
    state = { last: null, pending: [] };
    states.set(context, state);
  }
  return state;
}

async function reachableStore(context: ServerContext): Promise<Store | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), STORE_WAIT_MS).unref());
  const store = await Promise.race([context.store(), timeout]).catch(() => null);
  if (!store) return null;
  // context.store() is resolved once migrated; a ping says whether it answers now.
  const alive = await Promise.race([probeStore(store).then((h) => h.ok), timeout.then(() => false)]).catch(() => false);
  return alive ? store : null;
}

/** The newest snapshot anywhere: this process's last one, the store's, the file's. */
async function previousSnapshot(
  context: ServerContext,
  state: WorkerState,
  store: Store | null,
): Promise<StatusSnapshot | null> {
  const fromStore = store ? await readSnapshotFromStore(store).catch(() => null) : null;
  const fromFile = await readSnapshotFromFile(context.config.howdah.status.snapshotFile);
  return newer(newer(state.last, fromFile), fromStore);
}

/** Writes the snapshot everywhere it is read from; the file always, the store when it answers. */
export async function publishSnapshot(
  context: ServerContext,
  snapshot: StatusSnapshot,
  store: Store | null,
): Promise<void> {
  stateFor(context).last = snapshot;
  offerSnapshot(context, snapshot);
  await Promise.all([
    saveSnapshotToFile(context.config.howdah.status.snapshotFile, snapshot).catch((error) =>
      console.error(`[howdah status] cannot write the snapshot file: ${(error as Error).message}`),
    ),
    store ? saveSnapshotToStore(store, snapshot).catch(() => undefined) : undefined,
  ]);
}

export async function refreshStatus(context: ServerContext): Promise<StatusSnapshot> {
  const state = stateFor(context);
  const readings = await takeReadings(context);
  const now = new Date();
  const evaluated = evaluateComponents(readings, context.config.howdah.status.thresholds);
  const store = await reachableStore(context);
  const previous = await previousSnapshot(context, state, store);

  state.pending.push({
    at: now,
    samples: evaluated.map((e) => ({ id: e.id, state: e.state, responseMs: e.responseMs })),
  });
  if (state.pending.length > MAX_PENDING_RUNS) state.pending.splice(0, state.pending.length - MAX_PENDING_RUNS);

  let history: Pick<StatusSnapshot, "uptime" | "responseTimes" | "incidents"> | null = null;
  let since = new Map<string, Date | null>();
  if (store) {
    try {
      while (state.pending.length > 0) {
        const run = state.pending[0]!;
        await recordSamples(store, run.at, run.samples);
        state.pending.shift();
      }
      const [uptime, responseTimes, incidents, sinceMap] = await Promise.all([
        readUptime(store, now),
        readResponseTimes(store, now),
        listPublicIncidents(store, now),
        readSince(store, evaluated),
      ]);
      history = { uptime, responseTimes, incidents };
      since = sinceMap;
      await pruneHistory(store, now);
    } catch (error) {
      console.error(`[howdah status] history not recorded this round: ${(error as Error).message}`);
    }
  }

  const components: ComponentStatus[] = evaluated.map((e) => {
    const before = previous?.components.find((c) => c.id === e.id);
    const kept = before && before.state === e.state ? before.since : null;
    return {
      id: e.id,
      name: COMPONENT_NAMES[e.id],
      state: e.state,
      message: e.message,
      since: since.get(e.id)?.toISOString() ?? kept ?? now.toISOString(),
      responseMs: e.responseMs,
    };
  });
  const snapshot: StatusSnapshot = {
    version: 1,
    publishedAt: now.toISOString(),
    generatedAt: now.toISOString(),
    domain: context.config.mastodon.localDomain,
    components,
    uptime: history?.uptime ?? previous?.uptime ?? {},
    responseTimes: history?.responseTimes ?? previous?.responseTimes ?? { web: [], streaming: [] },
    incidents: history?.incidents ?? previous?.incidents ?? [],
  };
  await publishSnapshot(context, snapshot, store);
  return snapshot;
}

/**
 * After staff change an incident: the same readings with the new incident
 * list, published at once so members see it within seconds, not at the
 * worker's next round.
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
  await publishSnapshot(context, snapshot, store);
  return snapshot;
}
