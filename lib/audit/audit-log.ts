import "server-only";
import { z } from "zod";
import type { ServerContext } from "@/lib/server/context";
import { auditFilterChoices, listAuditPage, type AuditFilter, type AuditPage } from "@/lib/store/audit";

/**
 * The audit page: one page of entries for the filters in the address
 * (?actor=&action=&target=&q=&before=|after=), and the choices the filters
 * offer. The address is the whole state, so a filtered view can be
 * bookmarked, shared and exported as it is.
 */
export const AUDIT_PAGE_SIZE = 50;

const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.trim())
    .optional();
const cursor = z
  .string()
  .regex(/^\d{1,19}$/, "must be an entry id")
  .transform((s) => BigInt(s))
  .optional();

export const auditQuery = z.object({
  /** The acting account's acct; "-" for entries Howdah wrote itself. */
  actor: text(320),
  action: text(100),
  target: text(100),
  q: text(200),
  before: cursor,
  after: cursor,
});

export type AuditQuery = z.infer<typeof auditQuery>;

export function filterOf(query: AuditQuery): AuditFilter {
  return {
    actor: query.actor === "-" ? "" : query.actor || undefined,
    action: query.action || undefined,
    targetType: query.target || undefined,
    search: query.q || undefined,
  };
}

/** Reads the query from a page's searchParams (repeated keys: the first counts). */
export function parseAuditQuery(params: Record<string, string | string[] | undefined>): AuditQuery {
  const first = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditQuery.safeParse(first);
  // A mangled address shows the newest entries rather than an error page.
  return parsed.success ? parsed.data : {};
}

export interface AuditLogView extends AuditPage {
  choices: Awaited<ReturnType<typeof auditFilterChoices>>;
}

export async function getAuditLog(context: ServerContext, query: AuditQuery): Promise<AuditLogView> {
  const store = await context.store();
  const [page, choices] = await Promise.all([
    listAuditPage(store, { ...filterOf(query), before: query.before, after: query.after, limit: AUDIT_PAGE_SIZE }),
    auditFilterChoices(store),
  ]);
  return { ...page, choices };
}
