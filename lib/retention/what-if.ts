import "server-only";
import { z } from "zod";
import {
  MASTODON_DEFAULT_DAYS,
  WHAT_IF_FIGURES,
  type RetentionVar,
  type SampleRow,
  type WhatIfFigure,
} from "@/lib/mastodon/retention/area";
import type { ServerContext } from "@/lib/server/context";
import { daysProblem } from "@/lib/shared/retention";
import { readRolledUpWhatIf, type RolledUpWhatIf } from "./what-if-rollup";

/**
 * The what-if before saving: what the next vacuum run would remove at the
 * proposed values, beside what it removes at the current ones. A proposed
 * value is a number of days, "disabled", or "default" (Mastodon's default).
 */
const proposal = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    if (text === "disabled" || text === "default") return;
    const problem = daysProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const whatIfInput = z.object({
  media_cache_retention_period: proposal,
  content_cache_retention_period: proposal,
  backups_retention_period: proposal,
});
export type WhatIfInput = z.infer<typeof whatIfInput>;

export interface WhatIfComparison {
  proposed: RolledUpWhatIf;
  current: RolledUpWhatIf;
  proposedDays: Record<RetentionVar, number | null>;
  currentDays: Record<RetentionVar, number | null>;
}

const toDays = (name: RetentionVar, value: string): number | null =>
  value === "disabled" ? null : value === "default" ? MASTODON_DEFAULT_DAYS[name] : Number(value);

export async function compareWhatIf(context: ServerContext, input: WhatIfInput): Promise<WhatIfComparison> {
  const { retention } = context.mastodon;
  const settings = await retention.readSettings();
  const currentDays = Object.fromEntries(settings.map((s) => [s.var, s.effectiveDays])) as Record<
    RetentionVar,
    number | null
  >;
  const proposedDays = {
    media_cache_retention_period: toDays("media_cache_retention_period", input.media_cache_retention_period),
    content_cache_retention_period: toDays("content_cache_retention_period", input.content_cache_retention_period),
    backups_retention_period: toDays("backups_retention_period", input.backups_retention_period),
  };
  const periods = (d: Record<RetentionVar, number | null>) => ({
    mediaDays: d.media_cache_retention_period,
    contentDays: d.content_cache_retention_period,
    backupsDays: d.backups_retention_period,
  });
  const now = Date.now();
  const [proposed, current] = await Promise.all([
    readRolledUpWhatIf(context, periods(proposedDays), now),
    readRolledUpWhatIf(context, periods(currentDays), now),
  ]);
  return { proposed, current, proposedDays, currentDays };
}

/** Which setting's period each figure is counted at (the orphan pass needs none: it is always one day). */
export const FIGURE_SETTING: Record<WhatIfFigure, RetentionVar | null> = {
  media: "media_cache_retention_period",
  media_interacted: "media_cache_retention_period",
  preview_cards: "media_cache_retention_period",
  statuses: "content_cache_retention_period",
  statuses_untouched: "content_cache_retention_period",
  statuses_favourited: "content_cache_retention_period",
  statuses_bookmarked: "content_cache_retention_period",
  statuses_pinned: "content_cache_retention_period",
  statuses_replied_to: "content_cache_retention_period",
  statuses_boosted: "content_cache_retention_period",
  statuses_direct: "content_cache_retention_period",
  local_boosts: "content_cache_retention_period",
  archives: "backups_retention_period",
  orphans: null,
};

export const FIGURE_LABELS: Record<WhatIfFigure, string> = {
  media: "Cached remote media files the next cleanup clears",
  media_interacted: "Cached media of posts local users interacted with",
  preview_cards: "Preview-card images the next cleanup clears",
  statuses: "Remote posts the next cleanup deletes",
  statuses_untouched: "Remote posts no local user touched",
  statuses_favourited: "Remote posts local users favourited",
  statuses_bookmarked: "Remote posts local users bookmarked",
  statuses_pinned: "Remote posts pinned",
  statuses_replied_to: "Remote posts local users replied to",
  statuses_boosted: "Remote posts local users boosted",
  statuses_direct: "Direct messages to local users",
  local_boosts: "Local users' boosts deleted with them",
  archives: "User archives the next cleanup deletes",
  orphans: "Orphaned media the next cleanup deletes",
};

export const whatIfSampleInput = z.object({
  figure: z.enum(WHAT_IF_FIGURES, { message: "Unknown figure." }),
  days: z
    .string()
    .trim()
    .default("1")
    .superRefine((text, ctx) => {
      const problem = daysProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform(Number),
});
export type WhatIfSampleInput = z.infer<typeof whatIfSampleInput>;

export interface WhatIfSample {
  figure: WhatIfFigure;
  label: string;
  /** The period it was counted at; null for the orphan pass (always one day). */
  days: number | null;
  rows: (Omit<SampleRow, "createdAt"> & { createdAt: string })[];
}

/** The oldest rows one figure of the what-if counts, at the period it was shown for. */
export async function readWhatIfSampleView(context: ServerContext, input: WhatIfSampleInput): Promise<WhatIfSample> {
  const rows = await context.mastodon.retention.readWhatIfSample(input.figure, input.days);
  return {
    figure: input.figure,
    label: FIGURE_LABELS[input.figure],
    days: FIGURE_SETTING[input.figure] === null ? null : input.days,
    rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}
