import "server-only";
import { z } from "zod";
import { MASTODON_DEFAULT_DAYS, type RetentionVar, type WhatIf } from "@/lib/mastodon/retention/area";
import type { ServerContext } from "@/lib/server/context";
import { daysProblem } from "@/lib/shared/retention";

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
  proposed: WhatIf;
  current: WhatIf;
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
    retention.readWhatIf(periods(proposedDays), now),
    retention.readWhatIf(periods(currentDays), now),
  ]);
  return { proposed, current, proposedDays, currentDays };
}
