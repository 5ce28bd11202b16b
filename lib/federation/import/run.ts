import "server-only";
import { HowdahError, isHowdahError } from "@/lib/errors";
import type {
  BlockChange,
  BlockFields,
  DomainBlockRow,
  PageRow,
  WriteOptions,
  WriteSource,
} from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit } from "@/lib/store/audit";
import {
  itemsToApply,
  itemsToRevert,
  markItemApplied,
  markItemRefused,
  markItemReverted,
  markItemStarted,
  markItemsDone,
  markItemsStarted,
  readBatch,
  transitionBatch,
  type BatchItemRecord,
  type BatchRecord,
  type ItemAction,
} from "@/lib/store/block-batches";

/**
 * Applying a batch and rolling it back, row by row through the same writes
 * the form uses (lib/mastodon/federation: each row its own transaction, its
 * admin_action_logs entry and its DomainBlockWorker job, exactly as
 * Mastodon's form would), so a batch is never "one big unknown":
 *
 * - before a row is written, the domain's own block is read and kept with
 *   the row (`previous`), so a resume after a crash between the write and
 *   its record still knows what to restore; the write is then repeated,
 *   which for a block already made is the form's "upgrade" with no change
 *   (its DomainBlockWorker job is sent again, which is harmless);
 * - a row Mastodon's rules refuse (the guard, a block removed meanwhile)
 *   keeps its sentence and the batch goes on;
 * - anything else (PostgreSQL or Sidekiq's Redis out) stops the batch as
 *   `failed` with the reason: it can be resumed (rows done are skipped) or
 *   rolled back;
 * - a rollback walks the applied rows backwards: a block the batch created
 *   is removed (UnblockDomainService's releases), one it changed is edited
 *   back to its previous settings (DomainBlockWorker with the update flag
 *   lifts what the stricter setting did), one it removed is created again.
 *
 * The `instances` view (through which DomainBlockWorker and the unblock find
 * a domain's accounts) is refreshed by the batch, not by each row: once before
 * the first row, so every known account is in it before any row's job or
 * release reads it, then after a page of rows when the last refresh is at
 * least VIEW_EVERY_MS old, and at the end, so the domains the batch created
 * appear in it within seconds (what Mastodon's after-create refresh is for;
 * DomainBlockWorker needs no refresh for them: a domain new to the view has no
 * accounts to reach). One refresh per row took about 0.7 s each on a large
 * instance; one per page of a 20,000-row import still added 40 refreshes,
 * each slower as the blocks grow the view.
 */
const PAGE = 500;
const VIEW_EVERY_MS = 10_000;
const RULE_REFUSALS = new Set(["bad_request", "conflict", "not_found"]);
const IN_BATCH: WriteOptions = { instancesView: "batch" };

export interface RunHooks {
  /** Called after each row; a test throws here to stand for the worker dying part-way. */
  afterRow?: (done: number) => void | Promise<void>;
  progress?: (counts: Record<string, number>) => void;
  /** Rows per page (default 500); a test makes pages small to stop the batch between two of them. */
  pageSize?: number;
}

export type RunMode = "apply" | "rollback";

/** Marks the batch running (from pending, or failed to resume); the job then does the work. */
export async function startBatch(context: ServerContext, batchId: string, mode: RunMode): Promise<BatchRecord> {
  const store = await context.store();
  const batch = await readBatch(store, batchId);
  if (!batch) throw new HowdahError("not_found", "This batch does not exist.");
  const moved =
    mode === "apply"
      ? await transitionBatch(store, batchId, ["pending", "failed"], "running")
      : await transitionBatch(store, batchId, ["done", "failed", "rolling_back"], "rolling_back");
  if (!moved) {
    throw new HowdahError(
      "conflict",
      mode === "apply"
        ? `This batch is ${batch.state.replace("_", " ")}; only a previewed or stopped batch can be applied.`
        : `This batch is ${batch.state.replace("_", " ")}; only a finished or stopped batch can be rolled back.`,
    );
  }
  return (await readBatch(store, batchId))!;
}

export async function runBatch(context: ServerContext, batchId: string, mode: RunMode, hooks: RunHooks = {}) {
  const store = await context.store();
  const batch = await readBatch(store, batchId);
  if (!batch) return { skipped: "no such batch" };
  const expected = mode === "apply" ? "running" : "rolling_back";
  if (batch.state !== expected) return { skipped: `batch is ${batch.state}` };
  const actor = { accountId: batch.actorAccountId ?? "" };
  const source: WriteSource =
    batch.source === "form" ? { kind: "form" } : { kind: batch.source, ref: batch.sourceRef ?? "", batchId };
  let done = 0;
  const pageSize = hooks.pageSize ?? PAGE;
  const refreshView = () => context.mastodon.federation.refreshInstancesForBatch();
  let viewProblem = await refreshView();
  let refreshedAt = performance.now();
  let viewBehind = false;
  try {
    for (;;) {
      const page =
        mode === "apply" ? await itemsToApply(store, batchId, pageSize) : await itemsToRevert(store, batchId, pageSize);
      if (page.length === 0) break;
      if (mode === "apply" && pageWritable(page)) {
        await applyPage(context, batchId, page, actor, source);
        for (const _ of page) await hooks.afterRow?.(++done);
      } else {
        for (const item of page) {
          if (mode === "apply") await applyRow(context, batchId, item, actor, source);
          else await revertRow(context, batchId, item, actor, source);
          done++;
          await hooks.afterRow?.(done);
        }
      }
      viewBehind = true;
      if (performance.now() - refreshedAt >= VIEW_EVERY_MS) {
        viewProblem = await refreshView();
        refreshedAt = performance.now();
        viewBehind = false;
      }
      const now = (await readBatch(store, batchId))!;
      hooks.progress?.({ applied: now.applied, reverted: now.reverted, refused: now.failed, total: now.total });
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await transitionBatch(store, batchId, [expected], "failed", `Stopped after ${done} row(s): ${reason}`);
    await audit(context, batch, mode, "failed", reason);
    throw error;
  }
  if (viewBehind) viewProblem = await refreshView();
  await transitionBatch(store, batchId, [expected], mode === "apply" ? "done" : "rolled_back");
  const after = (await readBatch(store, batchId))!;
  await audit(context, after, mode, "ok", null);
  return {
    rows: done,
    applied: after.applied,
    reverted: after.reverted,
    refused: after.failed,
    ...(viewProblem ? { instancesView: viewProblem } : {}),
  };
}

/**
 * Whether a page can go through the page writer: creates and edits only (a
 * subscription's retraction is a removal, row by row), each domain once.
 */
function pageWritable(page: BatchItemRecord[]): boolean {
  const domains = new Set(page.map((i) => i.domain));
  return domains.size === page.length && page.every((i) => i.class !== "retraction" && i.fields !== null);
}

/**
 * A page of rows as one Mastodon transaction (writeBlockPage), with the same
 * records around it as applyRow keeps for one row: the rows' own blocks are
 * read and kept as `previous` first (one store statement for the page), so a
 * crash between the commit and the record resumes the page with what to
 * restore; the page is then written again, which for the blocks already made
 * is the upgrade with no change (its jobs sent again, harmless). Refusals
 * keep their sentence; any other failure stops the batch (nothing of the
 * page is in Mastodon if the transaction failed).
 */
async function applyPage(
  context: ServerContext,
  batchId: string,
  page: BatchItemRecord[],
  actor: { accountId: string },
  source: WriteSource,
) {
  const store = await context.store();
  const federation = context.mastodon.federation;
  const fresh = page.filter((i) => !i.startedAt);
  const own = new Map((await federation.blocksUnder(fresh.map((i) => i.domain))).map((b) => [b.domain, b]));
  await markItemsStarted(
    store,
    fresh.map((i) => ({ id: i.id, previous: own.get(i.domain) ?? null })),
  );
  const previousOf = (i: BatchItemRecord) =>
    i.startedAt ? (i.previous as DomainBlockRow | null) : (own.get(i.domain) ?? null);
  const rows: PageRow[] = page.map((item) => {
    const previous = previousOf(item);
    const fields = blockFields(item.fields!);
    return item.class === "looser" && previous
      ? { kind: "update", id: previous.id, fields }
      : { kind: "create", domain: item.domain, fields };
  });
  const outcomes = await federation.writeBlockPage(actor, rows, source);
  const applied: { id: string; action: ItemAction; blockId: string }[] = [];
  const refused: { id: string; error: string }[] = [];
  outcomes.forEach((outcome, k) => {
    const item = page[k]!;
    if (outcome.ok) {
      const action = previousOf(item) === null ? "create" : outcome.change.kind;
      applied.push({ id: item.id, action, blockId: outcome.change.blockId });
    } else refused.push({ id: item.id, error: outcome.message });
  });
  await markItemsDone(store, batchId, applied, refused);
}

async function applyRow(
  context: ServerContext,
  batchId: string,
  item: BatchItemRecord,
  actor: { accountId: string },
  source: WriteSource,
) {
  const store = await context.store();
  const federation = context.mastodon.federation;
  if (item.class === "retraction") return retractRow(context, batchId, item, actor, source);
  let previous = item.previous as DomainBlockRow | null;
  if (!item.startedAt) {
    const covering = await federation.coveringBlocks(item.domain);
    previous = covering.find((b) => b.domain === item.domain) ?? null;
    await markItemStarted(store, item.id, previous);
  }
  const fields = blockFields(item.fields!);
  try {
    const change: BlockChange =
      item.class === "looser" && previous
        ? await federation.updateBlock(actor, { id: previous.id, ...fields, confirmed: true }, source, IN_BATCH)
        : await federation.createBlock(actor, { domain: item.domain, ...fields, confirmed: true }, source, IN_BATCH);
    await markItemApplied(store, batchId, item.id, {
      action: previous === null ? "create" : change.kind,
      blockId: change.blockId,
    });
  } catch (error) {
    if (isHowdahError(error) && RULE_REFUSALS.has(error.code)) {
      await markItemRefused(store, batchId, item.id, error.message);
      return;
    }
    throw error;
  }
}

/**
 * A subscription's retraction: the block it created is removed (as the form's
 * removal does), but only if the domain's block is still that very block; one
 * removed meanwhile, or replaced by someone else's, is left alone with a note.
 */
async function retractRow(
  context: ServerContext,
  batchId: string,
  item: BatchItemRecord,
  actor: { accountId: string },
  source: WriteSource,
) {
  const store = await context.store();
  const federation = context.mastodon.federation;
  const expected = String((item.fields as { retractBlockId?: unknown } | null)?.retractBlockId ?? "");
  const own = (await federation.coveringBlocks(item.domain)).find((b) => b.domain === item.domain) ?? null;
  const previous = item.startedAt ? (item.previous as DomainBlockRow | null) : own;
  if (!item.startedAt) await markItemStarted(store, item.id, own);
  if (!own) {
    // Gone: by this very row before a crash (resume), or by someone else.
    if (item.startedAt && previous?.id === expected) {
      await markItemApplied(store, batchId, item.id, { action: "destroy", blockId: expected });
    } else await markItemRefused(store, batchId, item.id, "The block was removed meanwhile; nothing to retract.");
    return;
  }
  if (own.id !== expected) {
    await markItemRefused(
      store,
      batchId,
      item.id,
      `The block on ${own.display} is no longer the one the subscription created; it is left as it is.`,
    );
    return;
  }
  try {
    await federation.destroyBlock(actor, { id: own.id }, source, IN_BATCH);
    await markItemApplied(store, batchId, item.id, { action: "destroy", blockId: own.id });
  } catch (error) {
    if (isHowdahError(error) && RULE_REFUSALS.has(error.code)) {
      await markItemRefused(store, batchId, item.id, error.message);
      return;
    }
    throw error;
  }
}

async function revertRow(
  context: ServerContext,
  batchId: string,
  item: BatchItemRecord,
  actor: { accountId: string },
  source: WriteSource,
) {
  const store = await context.store();
  const federation = context.mastodon.federation;
  const previous = item.previous as DomainBlockRow | null;
  try {
    if (item.action === "create") {
      await federation.destroyBlock(actor, { id: item.blockId! }, source, IN_BATCH);
    } else if (item.action === "destroy") {
      await federation.createBlock(
        actor,
        { domain: item.domain, ...blockFields(previous!), confirmed: true },
        source,
        IN_BATCH,
      );
    } else {
      await federation.updateBlock(
        actor,
        { id: item.blockId!, ...blockFields(previous!), confirmed: true },
        source,
        IN_BATCH,
      );
    }
    await markItemReverted(store, batchId, item.id, { ok: true });
  } catch (error) {
    if (isHowdahError(error) && error.code === "not_found") {
      await markItemReverted(store, batchId, item.id, {
        ok: true,
        note: "The block was removed since; there was nothing to undo.",
      });
      return;
    }
    if (isHowdahError(error) && RULE_REFUSALS.has(error.code)) {
      await markItemReverted(store, batchId, item.id, { ok: false, error: `Not rolled back: ${error.message}` });
      return;
    }
    throw error;
  }
}

function blockFields(value: Record<string, unknown> | DomainBlockRow): BlockFields {
  const v = value as Partial<BlockFields> & { severity: BlockFields["severity"] | null };
  return {
    severity: v.severity ?? "silence",
    rejectMedia: v.rejectMedia ?? false,
    rejectReports: v.rejectReports ?? false,
    obfuscate: v.obfuscate ?? false,
    privateComment: v.privateComment ?? "",
    publicComment: v.publicComment ?? "",
  };
}

async function audit(
  context: ServerContext,
  batch: BatchRecord,
  mode: RunMode,
  outcome: "ok" | "failed",
  reason: string | null,
) {
  const store = await context.store();
  await recordAudit(store, {
    actor: batch.actorAccountId ? { accountId: batch.actorAccountId, acct: batch.actorAcct ?? "" } : null,
    action: mode === "apply" ? "domain_block.batch_apply" : "domain_block.batch_rollback",
    targetType: "BlockBatch",
    target: `#${batch.id} ${batch.sourceRef ?? batch.source}`,
    outcome,
    details: { batchId: batch.id, source: batch.source, applied: batch.applied, reverted: batch.reverted, reason },
  }).catch(() => undefined);
}
