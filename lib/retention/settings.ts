import "server-only";
import { z } from "zod";
import type { Staff } from "@/lib/auth/current-staff";
import { HowdahError } from "@/lib/errors";
import {
  MASTODON_DEFAULT_DAYS,
  RETENTION_VARS,
  type RetentionSetting,
  type RetentionTarget,
  type RetentionVar,
} from "@/lib/mastodon/retention/area";
import type { ServerContext } from "@/lib/server/context";
import { daysProblem, warningsFor } from "@/lib/shared/retention";
import { recordAudit } from "@/lib/store/audit";
import { forgetOverdueWarning } from "./overdue";

/**
 * Mastodon's retention settings as the page shows and changes them: what
 * each stored value means to ContentRetentionPolicy, the admin's choice of
 * days / disabled / Mastodon's default, the input rules Mastodon lacks
 * (whole positive days only: its form takes "010" as octal 8, a negative
 * number, or text that 500s), and Howdah's audit entry with the old and new
 * value (Mastodon writes none for settings).
 */
export const LABELS: Record<RetentionVar, string> = {
  media_cache_retention_period: "Media cache retention period",
  content_cache_retention_period: "Content cache retention period",
  backups_retention_period: "User archive retention period",
};

const daysText = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    const problem = daysProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const change = z.discriminatedUnion("choice", [
  z.object({
    var: z.enum(RETENTION_VARS),
    expectedRaw: z.string().nullable(),
    choice: z.literal("days"),
    days: daysText,
  }),
  z.object({ var: z.enum(RETENTION_VARS), expectedRaw: z.string().nullable(), choice: z.literal("disabled") }),
  z.object({ var: z.enum(RETENTION_VARS), expectedRaw: z.string().nullable(), choice: z.literal("default") }),
]);

export const saveRetentionInput = z.object({
  changes: z
    .array(change)
    .min(1, "Nothing to save.")
    .max(3)
    .refine((list) => new Set(list.map((c) => c.var)).size === list.length, "Each setting may be changed once."),
});
export type SaveRetentionInput = z.infer<typeof saveRetentionInput>;

export interface SettingView {
  var: RetentionVar;
  label: string;
  raw: string | null;
  choice: "days" | "disabled" | "default";
  days: number | null;
  effectiveDays: number | null;
  /** What Mastodon does with it, in one sentence. */
  meaning: string;
  mastodonDefaultDays: number | null;
  updatedAt: string | null;
  warnings: string[];
}

export function describeSetting(s: RetentionSetting): SettingView {
  const label = LABELS[s.var];
  const what = WHAT[s.var];
  let meaning: string;
  if (s.state.kind === "days") meaning = `${what.on} after ${plural(s.state.days)}.`;
  else if (s.state.kind === "disabled") meaning = `Disabled (stored value ${s.state.why}): ${what.off}.`;
  else if (s.effectiveDays !== null)
    meaning = `Not set, so Mastodon's default applies: ${what.on} after ${plural(s.effectiveDays)}.`;
  else meaning = `Not set (Mastodon has no default): ${what.off}.`;
  return {
    var: s.var,
    label,
    raw: s.raw,
    choice: s.state.kind,
    days: s.state.kind === "days" ? s.state.days : null,
    effectiveDays: s.effectiveDays,
    meaning,
    mastodonDefaultDays: MASTODON_DEFAULT_DAYS[s.var],
    updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null,
    warnings: warningsFor(s.var, s.effectiveDays),
  };
}

const WHAT: Record<RetentionVar, { on: string; off: string }> = {
  media_cache_retention_period: {
    on: "the nightly vacuum deletes cached copies of remote media (and preview-card images)",
    off: "cached remote media and preview-card images are kept forever",
  },
  content_cache_retention_period: {
    on: "the nightly vacuum deletes remote posts",
    off: "remote posts are kept forever",
  },
  backups_retention_period: {
    on: "the nightly vacuum deletes user archives",
    off: "user archives are kept forever",
  },
};

const plural = (days: number) => `${days.toLocaleString("en")} day${days === 1 ? "" : "s"}`;

export async function readRetentionSettings(context: ServerContext): Promise<SettingView[]> {
  return (await context.mastodon.retention.readSettings()).map(describeSetting);
}

export interface RetentionActor {
  staff: Pick<Staff, "accountId" | "acct">;
  ip: string | null;
}

function toTarget(c: SaveRetentionInput["changes"][number]): RetentionTarget {
  return c.choice === "days" ? { kind: "days", days: Number(c.days) } : { kind: c.choice };
}

/** Saves the changes (all or none), records old and new values in Howdah's audit log, and says what happens next. */
export async function saveRetentionSettings(
  context: ServerContext,
  actor: RetentionActor,
  input: SaveRetentionInput,
): Promise<{ message: string; settings: SettingView[]; warnings: string[] }> {
  const store = await context.store();
  const changes = input.changes.map((c) => ({ var: c.var, expectedRaw: c.expectedRaw, target: toTarget(c) }));
  const base = {
    actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
    action: "retention.update_settings" as const,
    targetType: "retention_settings",
    target: changes.map((c) => c.var).join(", "),
    ip: actor.ip,
  };
  let result;
  try {
    result = await context.mastodon.retention.writeSettings(changes);
  } catch (error) {
    if (error instanceof HowdahError && error.code === "conflict") {
      await recordAudit(store, {
        ...base,
        outcome: "refused",
        details: { reason: error.message, attempted: input.changes },
      }).catch(() => undefined);
    }
    throw error;
  }
  const entries = changes.map((c) => {
    const before = result.before.find((s) => s.var === c.var)!;
    const after = result.after.find((s) => s.var === c.var)!;
    return {
      var: c.var,
      old: { raw: before.raw, effectiveDays: before.effectiveDays, kind: before.state.kind },
      new: { raw: after.raw, effectiveDays: after.effectiveDays, kind: after.state.kind },
    };
  });
  await recordAudit(store, { ...base, details: { changes: entries, deletedCacheKeys: result.deletedCacheKeys } });
  // The overview's and the status page's pointer re-reads at the new period rather than in five minutes.
  forgetOverdueWarning(context);
  const settings = result.after.map(describeSetting);
  const warnings = changes.flatMap((c) => settings.find((s) => s.var === c.var)!.warnings);
  const names = changes.map((c) => LABELS[c.var].toLowerCase()).join(", ");
  return {
    message:
      `Saved the ${names}. Mastodon reads it at the next vacuum run (nightly, or “Run the cleanup now”); ` +
      `${result.deletedCacheKeys.length} cached value(s) were cleared from Mastodon's cache so it sees the change.`,
    settings,
    warnings,
  };
}
