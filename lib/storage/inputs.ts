import "server-only";
import { z } from "zod";
import { STORAGE_RANGES, type StorageRange } from "@/lib/shared/storage-ranges";

/**
 * The storage pages' inputs: a chart range from a fixed set, and a remote
 * server's domain as Mastodon stores it (lower-case, IDNs in punycode, an
 * optional port).
 */
export { RANGE_NAMES, STORAGE_RANGES, type StorageRange } from "@/lib/shared/storage-ranges";

export const rangeSchema = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const value = v ?? "30d";
    if (!(value in STORAGE_RANGES)) {
      ctx.addIssue({
        code: "custom",
        message: `The range "${value.slice(0, 20)}" is not one Howdah charts; use 7d, 30d, 90d or 1y.`,
      });
      return z.NEVER;
    }
    return value as StorageRange;
  });

export const rangeInput = z.object({ range: rangeSchema });

/** Lower-cases and converts an internationalised domain to punycode; null when it is not a domain. */
export function normalizeDomain(input: string): string | null {
  const text = input.trim().toLowerCase().replace(/\.$/, "");
  if (text.length === 0 || text.length > 253 || /[\s/@?#\\]/.test(text)) return null;
  let host: string;
  try {
    const url = new URL(`http://${text}`);
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
    host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return null;
  }
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/.test(host)) return null;
  return host;
}

export const domainSchema = z.string().transform((v, ctx) => {
  const domain = normalizeDomain(v);
  if (!domain) {
    ctx.addIssue({
      code: "custom",
      message: `"${v.slice(0, 60)}" is not a server's domain, such as mastodon.example.`,
    });
    return z.NEVER;
  }
  return domain;
});
