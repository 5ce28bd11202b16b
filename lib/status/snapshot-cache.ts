import "server-only";
import { processSingleton } from "@/lib/shared/process-singleton";
import type { ServerContext } from "@/lib/server/context";
import { newer, readSnapshotFromFile, readSnapshotFromStore, saveSnapshotToFile } from "./snapshot-store";
import type { StatusSnapshot } from "@/lib/shared/status-types";

/**
 * How /status, /api/status and the feed get the snapshot: from memory. The
 * copy is refreshed from the store and the local file at most every
 * REFRESH_MS, in the background (the request that notices it is old is
 * served the one in memory), so a request never waits on PostgreSQL or Redis
 * and never touches Mastodon's tables. Only the very first request of a
 * process waits, for at most STORE_WAIT_MS, before the file is used.
 * When the store has a newer snapshot than the file, the file is updated, so
 * every web process keeps a local copy for when the store goes down.
 */
export const REFRESH_MS = 5_000;
const STORE_WAIT_MS = 1_500;

interface Holder {
  snapshot: StatusSnapshot | null;
  checkedAt: number;
  loading: Promise<void> | null;
}

// One per process (process-singleton.ts): Next bundles each route separately, and an incident change
// made through one route must reach the page served by another at once.
const holders = processSingleton("status-snapshots", () => new WeakMap<ServerContext, Holder>());

function holderFor(context: ServerContext): Holder {
  let holder = holders.get(context);
  if (!holder) {
    holder = { snapshot: null, checkedAt: 0, loading: null };
    holders.set(context, holder);
  }
  return holder;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([promise, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref())]).catch(
    () => null,
  );
}

async function reload(context: ServerContext, holder: Holder): Promise<void> {
  const file = context.config.howdah.status.snapshotFile;
  const [fromStore, fromFile] = await Promise.all([
    within(context.store().then(readSnapshotFromStore), STORE_WAIT_MS),
    readSnapshotFromFile(file),
  ]);
  if (fromStore && (!fromFile || Date.parse(fromStore.publishedAt) > Date.parse(fromFile.publishedAt))) {
    await saveSnapshotToFile(file, fromStore).catch(() => undefined);
  }
  holder.snapshot = newer(newer(holder.snapshot, fromFile), fromStore);
  holder.checkedAt = Date.now();
}

function startReload(context: ServerContext, holder: Holder): Promise<void> {
  holder.loading ??= reload(context, holder).finally(() => {
    holder.loading = null;
  });
  return holder.loading;
}

/** The newest snapshot this process knows; null before any round has published one. */
export async function currentSnapshot(context: ServerContext): Promise<StatusSnapshot | null> {
  const holder = holderFor(context);
  if (Date.now() - holder.checkedAt < REFRESH_MS) return holder.snapshot;
  const loading = startReload(context, holder);
  if (holder.snapshot) return holder.snapshot;
  await loading;
  return holder.snapshot;
}

/**
 * The same without a promise, for the fast path: the snapshot in memory
 * (a reload started in the background when it is old), or undefined when
 * there is none yet and the caller must wait (currentSnapshot).
 */
export function snapshotInMemory(context: ServerContext): StatusSnapshot | null | undefined {
  const holder = holderFor(context);
  if (Date.now() - holder.checkedAt < REFRESH_MS) return holder.snapshot;
  void startReload(context, holder).catch(() => undefined);
  return holder.snapshot ?? undefined;
}

/** A snapshot this process just published (the status loop, an incident change): served at once. */
export function offerSnapshot(context: ServerContext, snapshot: StatusSnapshot): void {
  const holder = holderFor(context);
  holder.snapshot = newer(holder.snapshot, snapshot);
}
