import "server-only";
import { z } from "zod";
import { parseDuration } from "@/lib/shared/duration";

/**
 * What staff send to the Alerts page's API: durations typed as people type
 * them ("5m", "2h"), parsed to seconds here so the feature works in seconds
 * and a bad one ("5 minutes", "soon") is refused with one sentence before
 * anything changes.
 */
const duration = (min: number, max: number, what: string) =>
  z.string({ error: `give the ${what} like 30s, 5m, 2h or 1d.` }).transform((text, ctx) => {
    const seconds = parseDuration(text);
    if (seconds === null) {
      ctx.addIssue({ code: "custom", message: `give the ${what} like 30s, 5m, 2h or 1d; "${text}" is not one.` });
      return z.NEVER;
    }
    if (seconds < min || seconds > max) {
      ctx.addIssue({ code: "custom", message: `the ${what} must be between ${min}s and ${max / 86_400}d.` });
      return z.NEVER;
    }
    return seconds;
  });

export const policyInput = z.object({
  pending: duration(0, 86_400, "pending period"),
  repeat: duration(60, 604_800, "repeat interval"),
});
export type PolicyInput = z.infer<typeof policyInput>;

export const silenceInput = z.object({
  /** An alert id ("latency:push", "component:federation"), a prefix ending in "*", or "*" for everything. */
  matcher: z
    .string({ error: "say which alerts to silence, e.g. latency:push, component:* or *." })
    .trim()
    .regex(/^[a-z0-9_:.\-]*\*?$/i, "say which alerts to silence, e.g. latency:push, component:* or *.")
    .min(1, "say which alerts to silence, e.g. latency:push, component:* or *."),
  duration: duration(60, 30 * 86_400, "silence's length"),
  comment: z.string().trim().max(500, "keep the comment under 500 characters.").default(""),
});
export type SilenceInput = z.infer<typeof silenceInput>;

export const rowIdInput = z.object({ id: z.string().regex(/^\d{1,18}$/, "that is not a number from the list.") });
