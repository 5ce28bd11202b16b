import "server-only";
import { z } from "zod";
import { HowdahError } from "@/lib/errors";
import { enqueueHowdahJob } from "@/lib/jobs/enqueue";
import type { ServerContext } from "@/lib/server/context";
import { isMastodonId } from "@/lib/shared/mastodon-id";
import { recordAudit } from "@/lib/store/audit";
import {
  countPendingChanges,
  deleteSource,
  insertSource,
  listChanges,
  listSources,
  readMergeSettings,
  readSource,
  recordGoodCopy,
  updateSource,
  writeMergeSettings,
  type SourceInput,
} from "@/lib/store/blocklist-subscriptions";
import { MAX_LIST_BYTES } from "./fetch-list";
import { readList } from "./read-list";
import { refreshReviewQueue, type Applier } from "./review";

/**
 * The subscriptions page's calls: the sources (a URL fetched on a schedule,
 * or an uploaded file read once), the merge rule, and the review queue as it
 * stands. Every change is audited, recomputes the queue, and a new or
 * changed URL is fetched at once by the worker.
 */
const id = z.string().refine(isMastodonId, "An id is a whole number.");
const severity = z.enum(["silence", "suspend", "noop"], { message: "The severity is silence, suspend or noop." });
const autoApply = z
  .object({
    addition: z.boolean().default(false),
    escalation: z.boolean().default(false),
    deescalation: z.boolean().default(false),
    retraction: z.boolean().default(false),
  })
  .default({ addition: false, escalation: false, deescalation: false, retraction: false });

const sourceFields = {
  name: z.string().trim().min(1, "Give the source a name.").max(120, "The name is too long."),
  url: z
    .string()
    .trim()
    .max(2048, "The address is too long.")
    .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "The address must start with https:// or http://.")
    .nullish(),
  fileName: z.string().max(255, "The file name is too long.").nullish(),
  contentBase64: z
    .string()
    .max(Math.ceil((MAX_LIST_BYTES * 4) / 3) + 4, `The file is larger than ${MAX_LIST_BYTES >> 20} MB.`)
    .nullish(),
  enabled: z.boolean().default(true),
  defaultSeverity: severity.nullish(),
  fetchEveryMinutes: z.coerce.number().int().min(15, "Fetch at most every 15 minutes.").max(10_080).default(360),
  autoApply,
};
export const createSourceInput = z.object({ kind: z.enum(["url", "file"]), ...sourceFields });
export const updateSourceInput = z.object({ id, ...sourceFields });
export const removeSourceInput = z.object({ id });
export const fetchSourceInput = z.object({ id });
export const mergeSettingsInput = z
  .object({
    thresholdKind: z.enum(["count", "share"]),
    thresholdValue: z.coerce.number().int().min(1, "The threshold is at least 1."),
    severityRule: z.enum(["max", "min", "majority"]),
  })
  .refine((s) => s.thresholdKind === "count" || s.thresholdValue <= 100, "A share is at most 100 percent.");
export const changeIdsInput = z.object({ ids: z.array(id).min(1, "Choose at least one change.").max(10_000) });

export async function createSource(context: ServerContext, by: Applier, input: z.infer<typeof createSourceInput>) {
  const store = await context.store();
  const fields = checked(input.kind, input);
  const copy = input.kind === "file" ? readUpload(input.contentBase64, input.defaultSeverity ?? null) : null;
  const sourceId = await insertSource(store, { ...fields, kind: input.kind, autoApplyBy: ruleOwner(fields, by) });
  if (copy) await recordGoodCopy(store, sourceId, { ...copy, etag: null, lastModified: null, at: new Date() });
  await audit(context, by, "blocklist.source_create", sourceId, fields.name, { kind: input.kind, url: fields.url });
  await afterChange(context, input.kind === "url" ? sourceId : null);
  return { id: sourceId };
}

export async function editSource(context: ServerContext, by: Applier, input: z.infer<typeof updateSourceInput>) {
  const store = await context.store();
  const existing = await readSource(store, input.id);
  if (!existing) throw new HowdahError("not_found", "This source no longer exists.");
  const fields = checked(existing.kind, input);
  const copy =
    existing.kind === "file" && input.contentBase64 ? readUpload(input.contentBase64, fields.defaultSeverity) : null;
  // The rule's owner changes only when the rule does: the admin who last set it answers for it.
  const sameRule = JSON.stringify(existing.autoApply) === JSON.stringify(fields.autoApply);
  const owner =
    sameRule && existing.autoApplyAccountId
      ? { accountId: existing.autoApplyAccountId, acct: existing.autoApplyAcct ?? "" }
      : ruleOwner(fields, by);
  await updateSource(store, input.id, { ...fields, autoApplyBy: owner });
  if (copy) await recordGoodCopy(store, input.id, { ...copy, etag: null, lastModified: null, at: new Date() });
  await audit(context, by, "blocklist.source_update", input.id, fields.name, {
    before: { url: existing.url, autoApply: existing.autoApply, enabled: existing.enabled },
    after: { url: fields.url, autoApply: fields.autoApply, enabled: fields.enabled },
  });
  const refetch = existing.kind === "url" && (existing.url !== fields.url || !existing.goodAt);
  await afterChange(context, refetch ? input.id : null);
  return { id: input.id };
}

/** Removing a source removes nothing from Mastodon: what it asked for that no other list does becomes a retraction. */
export async function removeSource(context: ServerContext, by: Applier, input: z.infer<typeof removeSourceInput>) {
  const store = await context.store();
  const existing = await readSource(store, input.id);
  if (!existing || !(await deleteSource(store, input.id)))
    throw new HowdahError("not_found", "This source no longer exists.");
  await audit(context, by, "blocklist.source_delete", input.id, existing.name, { url: existing.url });
  await afterChange(context, null);
  return { id: input.id };
}

/** Hands a fetch of one source to the worker now. */
export async function fetchSourceNow(context: ServerContext, input: z.infer<typeof fetchSourceInput>) {
  const source = await readSource(await context.store(), input.id);
  if (!source) throw new HowdahError("not_found", "This source no longer exists.");
  if (source.kind !== "url") throw new HowdahError("bad_request", "An uploaded file is not fetched; upload it again.");
  await queueFetch(context, input.id, true);
  return { queued: true };
}

export async function saveMergeSettings(
  context: ServerContext,
  by: Applier,
  input: z.infer<typeof mergeSettingsInput>,
) {
  const store = await context.store();
  const before = await readMergeSettings(store);
  await writeMergeSettings(store, input);
  await recordAudit(store, {
    actor: by,
    action: "blocklist.settings_update",
    targetType: "BlocklistSource",
    target: "merge rule",
    details: { before, after: input },
  });
  await refreshReviewQueue(context);
  return { settings: input };
}

export async function readSubscriptions(context: ServerContext) {
  const store = await context.store();
  const [sources, settings, pending, counts] = await Promise.all([
    listSources(store),
    readMergeSettings(store),
    listChanges(store, { state: "pending", limit: 2000 }),
    countPendingChanges(store),
  ]);
  return { sources, settings, pending, counts };
}

/** The overview's federation tile: blocks by severity and the changes waiting for review. */
export async function readFederationSummary(context: ServerContext) {
  const [bySeverity, pending] = await Promise.all([
    context.mastodon.federation.countBySeverity(),
    countPendingChanges(await context.store()),
  ]);
  return { bySeverity, pending, pendingTotal: Object.values(pending).reduce((a, b) => a + b, 0) };
}

type Fields = Omit<SourceInput, "kind" | "autoApplyBy">;

function checked(
  kind: "url" | "file",
  input: z.infer<typeof updateSourceInput> | z.infer<typeof createSourceInput>,
): Fields {
  const url = input.url?.trim() || null;
  if (kind === "url" && !url) throw new HowdahError("bad_request", "A subscribed list needs its address (https://…).");
  if (kind === "file" && "kind" in input && !input.contentBase64)
    throw new HowdahError("bad_request", "Choose the file to upload.");
  return {
    name: input.name,
    url: kind === "url" ? url : null,
    fileName: kind === "file" ? (input.fileName ?? null) : null,
    enabled: input.enabled,
    defaultSeverity: input.defaultSeverity ?? null,
    fetchEveryMinutes: input.fetchEveryMinutes,
    autoApply: input.autoApply,
  };
}

function readUpload(contentBase64: string | null | undefined, defaultSeverity: Fields["defaultSeverity"]) {
  const list = readList(Buffer.from(contentBase64 ?? "", "base64"), defaultSeverity);
  if (!list.ok) throw new HowdahError("bad_request", `${list.error} Nothing was saved.`);
  return { entries: list.entries, malformed: list.malformed, format: list.format };
}

const ruleOwner = (fields: Fields, by: Applier) => (Object.values(fields.autoApply).some(Boolean) ? by : null);

async function afterChange(context: ServerContext, fetchId: string | null) {
  await refreshReviewQueue(context);
  if (fetchId) await queueFetch(context, fetchId, false);
}

async function queueFetch(context: ServerContext, sourceId: string, strict: boolean) {
  try {
    await enqueueHowdahJob(context, "blocklist-sync", { sourceId }, `blocklist-sync-${sourceId}-${Date.now()}`);
  } catch (error) {
    // The schedule fetches it anyway; only an explicit "fetch now" says the queue refused.
    if (strict) {
      throw new HowdahError(
        "unavailable",
        `Howdah's worker queue did not take the fetch (${(error as Error).message}).`,
      );
    }
  }
}

async function audit(
  context: ServerContext,
  by: Applier,
  action: "blocklist.source_create" | "blocklist.source_update" | "blocklist.source_delete",
  sourceId: string,
  name: string,
  details: Record<string, unknown>,
) {
  await recordAudit(await context.store(), {
    actor: by,
    action,
    targetType: "BlocklistSource",
    target: `#${sourceId} ${name}`,
    details: { sourceId, ...details },
  });
}
