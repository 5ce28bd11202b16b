import "server-only";
import { z } from "zod";
import { BLOCK_SORTS, type ListedBlock, type Severity } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";

/**
 * The domain blocks page's list: search (a typed Unicode name finds its
 * punycode row too), filters, sort and paging, plus the figures above it.
 */
const flag = z
  .enum(["true", "false", ""])
  .optional()
  .transform((v) => (v === "true" ? true : v === "false" ? false : undefined));

export const listBlocksInput = z.object({
  q: z.string().max(300, "The search is too long.").optional(),
  severity: z
    .string()
    .optional()
    .refine(
      (v) => !v || v.split(",").every((s) => ["silence", "suspend", "noop"].includes(s)),
      "The severity filter takes silence, suspend and noop.",
    ),
  rejectMedia: flag,
  rejectReports: flag,
  obfuscate: flag,
  privateComment: flag,
  sort: z.enum(BLOCK_SORTS).default("domain"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListBlocksInput = z.input<typeof listBlocksInput>;

export interface BlockList {
  total: number;
  rows: ListedBlock[];
  counts: Record<Severity | "unset", number>;
  writable: boolean;
  readOnlyReason: string | null;
  /** Under LIMITED_FEDERATION_MODE, blocks do not decide who federates: allows do. */
  limitedFederationMode: boolean;
  release: string | null;
}

export async function listDomainBlocks(
  context: ServerContext,
  input: z.output<typeof listBlocksInput>,
): Promise<BlockList> {
  const federation = context.mastodon.federation;
  const search = input.q?.trim().toLowerCase();
  const needles: string[] = [];
  if (search) {
    needles.push(search);
    const normalized = federation.normalizeDomain(search);
    if (normalized.ok && normalized.domain !== search) needles.push(normalized.domain);
  }
  const [page, counts, version] = await Promise.all([
    federation.listBlocks({
      search: needles,
      severities: input.severity ? (input.severity.split(",") as Severity[]) : undefined,
      rejectMedia: input.rejectMedia,
      rejectReports: input.rejectReports,
      obfuscate: input.obfuscate,
      hasPrivateComment: input.privateComment,
      sort: input.sort,
      descending: input.dir === "desc",
      offset: input.offset,
      limit: input.limit,
    }),
    federation.countBySeverity(),
    context.mastodon.version(),
  ]);
  return {
    ...page,
    counts,
    writable: version.writable,
    readOnlyReason: version.readOnlyReason,
    limitedFederationMode: context.config.mastodon.limitedFederationMode,
    release: version.release,
  };
}
