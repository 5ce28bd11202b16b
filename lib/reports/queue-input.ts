import "server-only";
import { z } from "zod";
import { CATEGORIES } from "@/lib/mastodon/reports/area";

/**
 * The queue's query string. Every filter is optional; the default is what a
 * moderator opens the queue for: open reports, everyone's.
 */
const flag = z
  .enum(["true", "false", ""])
  .optional()
  .transform((v) => (v === "true" ? true : v === "false" ? false : undefined));

const side = z
  .enum(["local", "remote", ""])
  .optional()
  .transform((v) => (v ? v : undefined));

export const queueInput = z.object({
  state: z.enum(["open", "resolved"]).default("open"),
  assigned: z.enum(["all", "me", "unassigned"]).default("all"),
  category: z
    .enum([...CATEGORIES, ""])
    .optional()
    .transform((v) => (v ? v : undefined)),
  rule: z
    .string()
    .regex(/^\d{0,18}$/, "The rule filter takes a rule id.")
    .optional()
    .transform((v) => (v ? v : undefined)),
  target: side,
  domain: z
    .string()
    .trim()
    .max(253, "The domain is too long.")
    .regex(/^[^\s/?#@]*$/, "The domain filter takes a domain name, like example.social.")
    .optional()
    .transform((v) => (v ? v.toLowerCase() : undefined)),
  reporter: side,
  forwarded: flag,
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export type QueueInput = z.output<typeof queueInput>;
export type QueueParams = z.input<typeof queueInput>;
