import "server-only";
import { z } from "zod";
import { HowdahError } from "@/lib/errors";
import { enqueueHowdahJob } from "@/lib/jobs/enqueue";
import { describePolicy, type BlockChange, type DomainBlockRow } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import { isMastodonId } from "@/lib/shared/mastodon-id";
import {
  chooseItems,
  countItemsByClass,
  createBatch,
  itemsToRevert,
  listBatchItems,
  listBatches,
  readBatch,
  transitionBatch,
  type BatchItemRecord,
  type BatchRecord,
  type ItemClass,
} from "@/lib/store/block-batches";
import type { BlockActor } from "../manage";
import { MAX_IMPORT_BYTES } from "./parse";
import { previewImport, type PreviewResult } from "./preview";
import { previewRollbackImpact } from "./rollback-impact";
import { startBatch, type RunMode } from "./run";

/**
 * What the import and batch pages call: upload and preview, the rows of a
 * batch by class, choosing rows, applying and rolling back (each handed to
 * the worker as a `block-batch` job), and what a rollback will do, step by
 * step, before it is started.
 */
const ITEM_CLASSES = [
  "new",
  "stricter",
  "looser",
  "unchanged",
  "covered",
  "allowed",
  "malformed",
  "form",
  "retraction",
] as const;
const batchId = z.string().refine(isMastodonId, "A batch id is a whole number.");

export const importFileInput = z.object({
  name: z.string().max(255, "The file name is too long."),
  severity: z.enum(["silence", "suspend", "noop"]).nullish(),
  /** The file's bytes, base64 (the API takes JSON only; the bytes are kept so a BOM or binary is seen as such). */
  contentBase64: z
    .string()
    .max(
      Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4,
      `The file is larger than the ${MAX_IMPORT_BYTES >> 20} MB Howdah imports.`,
    ),
});
export const batchInput = z.object({
  id: batchId,
  class: z.enum(ITEM_CLASSES).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const listBatchesInput = z.object({
  before: batchId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export const chooseInput = z.object({
  id: batchId,
  include: z.array(batchId).max(200_000).default([]),
  exclude: z.array(batchId).max(200_000).default([]),
});
export const runInput = z.object({ id: batchId });

export function importFile(
  context: ServerContext,
  actor: BlockActor,
  input: z.infer<typeof importFileInput>,
): Promise<PreviewResult> {
  return previewImport(context, actor, {
    name: input.name,
    content: Buffer.from(input.contentBase64, "base64"),
    severity: input.severity ?? null,
  });
}

export interface BatchView {
  batch: BatchRecord;
  counts: Record<string, { rows: number; selected: number }>;
  total: number;
  rows: BatchItemRecord[];
}

export async function readBatchView(context: ServerContext, input: z.infer<typeof batchInput>): Promise<BatchView> {
  const store = await context.store();
  const batch = await readBatch(store, input.id);
  if (!batch) throw new HowdahError("not_found", "This batch does not exist.");
  const page = await listBatchItems(store, input.id, {
    classes: input.class ? [input.class as ItemClass] : undefined,
    offset: input.offset,
    limit: input.limit,
  });
  return { batch, counts: await countItemsByClass(store, input.id), ...page };
}

export async function listBlockBatches(context: ServerContext, input: z.infer<typeof listBatchesInput>) {
  return { batches: await listBatches(await context.store(), input) };
}

export async function chooseBatchRows(context: ServerContext, input: z.infer<typeof chooseInput>) {
  const store = await context.store();
  const batch = await readBatch(store, input.id);
  if (!batch) throw new HowdahError("not_found", "This batch does not exist.");
  if (batch.state !== "pending" && batch.state !== "failed") {
    throw new HowdahError(
      "conflict",
      `This batch is ${batch.state.replace("_", " ")}; its rows can no longer be chosen.`,
    );
  }
  return { chosen: await chooseItems(store, input.id, input.include, input.exclude) };
}

/** Marks the batch running (or rolling back) and hands it to the worker; if the worker's Redis refuses, says so. */
export async function runBlockBatch(context: ServerContext, input: z.infer<typeof runInput>, mode: RunMode) {
  const started = await startBatch(context, input.id, mode);
  try {
    await enqueueHowdahJob(context, "block-batch", { batchId: input.id, mode }, `block-batch-${input.id}-${mode}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await transitionBatch(await context.store(), input.id, [started.state], "failed", `Not started: ${reason}`);
    throw new HowdahError(
      "unavailable",
      `Howdah's worker queue did not take the batch (${reason}); nothing was changed. Try again once Redis answers.`,
    );
  }
  return { batch: started };
}

export interface RollbackStep {
  itemId: string;
  domain: string;
  /** What the rollback will do, in Mastodon's terms. */
  step: string;
  /** Accounts whose suspended_at / silenced_at carry the block's created_at. */
  released: { silenced: number; suspended: number };
}

/**
 * The rollback's plan, latest first (the order it runs in), with what each
 * step does in Mastodon: a created block is removed (UnblockDomainService:
 * accounts whose silence or suspension carries its created_at are released,
 * purged profiles and follows do not come back), a changed one is edited back
 * (DomainBlockWorker with the update flag), a removed one is created again.
 */
export async function rollbackPlan(context: ServerContext, input: z.infer<typeof runInput>) {
  const store = await context.store();
  const batch = await readBatch(store, input.id);
  if (!batch) throw new HowdahError("not_found", "This batch does not exist.");
  const items = await itemsToRevert(store, input.id, 500);
  const ids = items.map((i) => i.blockId).filter((id): id is string => id !== null);
  const marked = ids.length ? await context.mastodon.federation.markedAccountsByBlock(ids) : new Map();
  const steps: RollbackStep[] = items.map((item) => {
    const previous = item.previous as DomainBlockRow | null;
    const m = (item.blockId && marked.get(item.blockId)) || { silenced: 0, suspended: 0 };
    const releases =
      m.silenced + m.suspended > 0
        ? ` ${m.suspended} suspended and ${m.silenced} silenced account(s) carrying its date are released.`
        : "";
    const step =
      item.action === "create"
        ? `Remove the block.${releases || " No account carries its date."} What a suspension purged stays gone.`
        : item.action === "destroy"
          ? `Block again (${previous ? describePolicy(previous) : "as before"}), with a new date.`
          : `Restore the block to ${previous ? describePolicy(previous) : "its previous settings"}; ` +
            `DomainBlockWorker lifts what the stricter setting did.${releases ? ` At most:${releases}` : ""}`;
    return { itemId: item.id, domain: item.domain, step, released: m };
  });
  const remaining = batch.applied - batch.reverted;
  // The same impact preview as the form and the import, for the steps that run first.
  const impact = await previewRollbackImpact(context, items);
  return { batch, remaining, steps, more: Math.max(0, remaining - steps.length), impact };
}

/** A form write, recorded as a batch of one row already applied, so it can be listed and undone like an import. */
export async function recordFormBatch(context: ServerContext, actor: BlockActor, change: BlockChange): Promise<string> {
  const after = change.after;
  return createBatch(
    await context.store(),
    {
      source: "form",
      sourceRef: null,
      actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
      state: "done",
      summary: { kind: change.kind },
    },
    [
      {
        line: 1,
        domain: change.domain,
        class: "form",
        selected: true,
        fields: after ? { ...after } : null,
        note: null,
        severs: 0,
        action: change.kind,
        blockId: change.blockId,
        previous: change.before,
        applied: true,
      },
    ],
  );
}
