import "server-only";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit } from "@/lib/store/audit";
import { createBatch, type ItemClass, type NewBatchItem } from "@/lib/store/block-batches";
import {
  decideChanges,
  listChanges,
  listSources,
  readMergeSettings,
  replacePendingChanges,
  sourceEntries,
  subscriptionOwnedBlocks,
  type ChangeKind,
  type ChangeRecord,
  type SourceRecord,
} from "@/lib/store/blocklist-subscriptions";
import { runBlockBatch } from "../import/batches";
import { runBatch, startBatch } from "../import/run";
import { diffAgainstBlocks } from "./diff";
import { mergeSources } from "./merge";

/**
 * The review queue: recomputed from the last good copy of every enabled
 * source after each fetch (and after a source or the merge rule changes);
 * applied by an admin (chosen rows) or, for the kinds a source's rule names,
 * automatically. Either way the changes become one block batch with source
 * "subscription": the same writes as the form, each row's previous state
 * kept, the batch listed with the imports and rolled back like them.
 */
const CLASS_OF: Record<ChangeKind, ItemClass> = {
  addition: "new",
  escalation: "stricter",
  deescalation: "looser",
  retraction: "retraction",
};

export interface Applier {
  accountId: string;
  acct: string;
}

export async function refreshReviewQueue(context: ServerContext): Promise<{ pending: number }> {
  const store = await context.store();
  const [sources, entries, settings, owned] = await Promise.all([
    listSources(store),
    sourceEntries(store),
    readMergeSettings(store),
    subscriptionOwnedBlocks(store),
  ]);
  const merged = mergeSources(entries, settings);
  const names = new Map(sources.map((s) => [s.id, s.name]));
  const changes = await diffAgainstBlocks(context, merged, owned, names);
  return { pending: await replacePendingChanges(store, changes) };
}

/** Turns pending changes into a block batch of the subscription; the caller runs it. */
async function batchOf(context: ServerContext, changes: ChangeRecord[], by: Applier, ref: string): Promise<string> {
  const items: NewBatchItem[] = changes.map((change, i) => ({
    line: i + 1,
    domain: change.domain,
    class: CLASS_OF[change.kind],
    selected: true,
    fields: change.fields ?? {},
    note: change.note,
    severs: change.severs,
  }));
  return createBatch(
    await context.store(),
    {
      source: "subscription",
      sourceRef: ref.slice(0, 255),
      actor: by,
      state: "pending",
      summary: { changes: changes.map((c) => c.id), kinds: countKinds(changes) },
    },
    items,
  );
}

/** An admin's choice: the chosen pending changes, applied by the worker as one batch. */
export async function applyChanges(context: ServerContext, by: Applier, ids: string[]) {
  const store = await context.store();
  const changes = await listChanges(store, { state: "pending", ids, limit: ids.length });
  if (changes.length === 0) {
    throw new HowdahError("conflict", "None of these changes is pending any more (applied, dismissed or replaced).");
  }
  const batchId = await batchOf(context, changes, by, "subscriptions (reviewed)");
  const decided = await decideChanges(
    store,
    changes.map((c) => c.id),
    { state: "applied", batchId, by: by.acct },
  );
  await runBlockBatch(context, { id: batchId }, "apply");
  await recordAudit(store, {
    actor: by,
    action: "blocklist.changes_apply",
    targetType: "blocklist_changes",
    target: `batch #${batchId}`,
    details: { batchId, changes: decided.length, kinds: countKinds(changes) },
  });
  return { batchId, applied: decided.length, skipped: ids.length - decided.length };
}

export async function dismissChanges(context: ServerContext, by: Applier, ids: string[]) {
  const store = await context.store();
  const decided = await decideChanges(store, ids, { state: "dismissed", batchId: null, by: by.acct });
  await recordAudit(store, {
    actor: by,
    action: "blocklist.changes_dismiss",
    targetType: "blocklist_changes",
    target: `${decided.length} change(s)`,
    details: { ids: decided },
  });
  return { dismissed: decided.length };
}

/**
 * The changes a source's rule lets through without review: every source
 * listing the domain (for a retraction, every enabled source, since none
 * lists it) must allow that kind of change. Never a change that contradicts
 * a domain allow. Run in the worker, one batch per admin who set the rules
 * (the actor of Mastodon's admin_action_logs rows), run at once.
 */
export async function autoApplyChanges(context: ServerContext): Promise<{ batches: string[]; applied: number }> {
  const store = await context.store();
  const sources = (await listSources(store)).filter((s) => s.enabled && s.entryCount > 0);
  if (sources.length === 0) return { batches: [], applied: 0 };
  const byId = new Map(sources.map((s) => [s.id, s]));
  const pending = await listChanges(store, { state: "pending", limit: 100_000 });
  const groups = new Map<string, { by: Applier; changes: ChangeRecord[] }>();
  for (const change of pending) {
    const deciding = (change.kind === "retraction" ? sources : change.sourceIds.map((id) => byId.get(id))).filter(
      (s): s is SourceRecord => s !== undefined,
    );
    if (deciding.length === 0 || !deciding.every((s) => s.autoApply[change.kind] && s.autoApplyAccountId)) continue;
    if (change.fields?.allowConflict) continue;
    const first = deciding[0]!;
    const key = first.autoApplyAccountId!;
    const group = groups.get(key) ?? { by: { accountId: key, acct: first.autoApplyAcct ?? "" }, changes: [] };
    group.changes.push(change);
    groups.set(key, group);
  }
  const batches: string[] = [];
  let applied = 0;
  for (const { by, changes } of groups.values()) {
    const batchId = await batchOf(context, changes, by, "subscriptions (auto-apply rule)");
    const decided = await decideChanges(
      store,
      changes.map((c) => c.id),
      { state: "applied", batchId, by: `${by.acct} (auto-apply rule)` },
    );
    await startBatch(context, batchId, "apply");
    const result = await runBatch(context, batchId, "apply");
    await recordAudit(store, {
      actor: by,
      action: "blocklist.changes_auto_apply",
      targetType: "blocklist_changes",
      target: `batch #${batchId}`,
      details: { batchId, changes: decided.length, kinds: countKinds(changes), result },
    });
    batches.push(batchId);
    applied += decided.length;
  }
  return { batches, applied };
}

function countKinds(changes: ChangeRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of changes) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
  return counts;
}
