import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/shared/audit-actions";
import type { Store } from "./connection";

/**
 * Howdah's own audit trail: every action taken through Howdah, including the
 * ones Mastodon's admin_action_logs has no verb for (retrying a Sidekiq job,
 * sign-ins). Written after the action itself, so it records what happened.
 */
export interface AuditInput {
  actor: { accountId: string; acct: string } | null;
  /** One of the named actions (lib/shared/audit-actions.ts). */
  action: AuditAction;
  targetType?: string;
  target?: string;
  outcome?: "ok" | "refused" | "failed";
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function recordAudit(store: Store, entry: AuditInput): Promise<void> {
  await store.prisma.auditEntry.create({
    data: {
      actorAccountId: entry.actor ? BigInt(entry.actor.accountId) : null,
      actorAcct: entry.actor?.acct ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      target: entry.target ?? null,
      outcome: entry.outcome ?? "ok",
      details: (entry.details ?? undefined) as never,
      ip: entry.ip ?? null,
    },
  });
}

/** What the audit page filters by; all optional, combined with AND. */
export interface AuditFilter {
  /** The acting account's acct, exactly; "" for Howdah itself (no actor). */
  actor?: string;
  action?: string;
  targetType?: string;
  /** Words matched, case-insensitively, in actor, action (key or name), target and outcome. */
  search?: string;
}

/**
 * Keyset paging on the id: ids grow in insertion order, so `id DESC` is
 * newest first, exact to the row (created_at holds microseconds that the
 * client's Date would round), and each page costs the same however deep.
 * `before` pages towards older entries, `after` back towards newer ones.
 */
export interface AuditPageRequest extends AuditFilter {
  before?: bigint;
  after?: bigint;
  limit: number;
}

export interface AuditRecord {
  id: string;
  createdAt: Date;
  actorAccountId: string | null;
  actorAcct: string | null;
  action: string;
  targetType: string | null;
  target: string | null;
  outcome: string;
  details: unknown;
  ip: string | null;
}

export interface AuditPage {
  rows: AuditRecord[];
  /** Cursors for the neighbouring pages, null at either end. */
  older: string | null;
  newer: string | null;
}

function whereOf(filter: AuditFilter): Prisma.AuditEntryWhereInput {
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (filter.actor !== undefined) and.push({ actorAcct: filter.actor === "" ? null : filter.actor });
  if (filter.action) and.push({ action: filter.action });
  if (filter.targetType) and.push({ targetType: filter.targetType });
  for (const word of (filter.search ?? "").split(/\s+/).filter(Boolean)) {
    const contains = { contains: word, mode: "insensitive" as const };
    // Actions whose readable name has the word ("thresholds" finds queues.update_alert_thresholds).
    const named = Object.entries(AUDIT_ACTIONS)
      .filter(([, name]) => name.toLowerCase().includes(word.toLowerCase()))
      .map(([key]) => key);
    and.push({
      OR: [
        { actorAcct: contains },
        { action: contains },
        ...(named.length ? [{ action: { in: named } }] : []),
        { targetType: contains },
        { target: contains },
        { outcome: contains },
      ],
    });
  }
  return { AND: and };
}

const toRecord = (
  r: Omit<AuditRecord, "id" | "actorAccountId"> & { id: bigint; actorAccountId: bigint | null },
): AuditRecord => ({ ...r, id: r.id.toString(), actorAccountId: r.actorAccountId?.toString() ?? null });

export async function listAuditPage(store: Store, request: AuditPageRequest): Promise<AuditPage> {
  const where = whereOf(request);
  const towardsNewer = request.after !== undefined && request.before === undefined;
  const cursor: Prisma.AuditEntryWhereInput = towardsNewer
    ? { id: { gt: request.after } }
    : request.before !== undefined
      ? { id: { lt: request.before } }
      : {};
  // One extra row tells whether another page follows in that direction.
  const found = await store.prisma.auditEntry.findMany({
    where: { AND: [where, cursor] },
    orderBy: { id: towardsNewer ? "asc" : "desc" },
    take: request.limit + 1,
  });
  const more = found.length > request.limit;
  const page = found.slice(0, request.limit);
  if (towardsNewer) page.reverse();
  const rows = page.map(toRecord);
  const first = rows[0]?.id ?? null;
  const last = rows.at(-1)?.id ?? null;
  const paged = request.before !== undefined || request.after !== undefined;
  return {
    rows,
    older: (towardsNewer ? paged : more) ? last : null,
    newer: (towardsNewer ? more : request.before !== undefined) ? first : null,
  };
}

/** Every entry matching the filter, newest first, a chunk at a time (for the CSV export). */
export async function* eachAuditEntry(store: Store, filter: AuditFilter, chunk = 1_000): AsyncGenerator<AuditRecord[]> {
  let before: bigint | undefined;
  for (;;) {
    const { rows, older } = await listAuditPage(store, { ...filter, before, limit: chunk });
    if (rows.length) yield rows;
    if (!older) return;
    before = BigInt(older);
  }
}

/** The people, actions and target types that occur, for the filters' choices (each an index-only scan). */
export async function auditFilterChoices(store: Store) {
  const column = async (name: "actor_acct" | "action" | "target_type") => {
    const { rows } = await store.pool.query<{ v: string | null }>(
      `SELECT DISTINCT ${name} AS v FROM howdah.audit_log ORDER BY 1 NULLS FIRST LIMIT 500`,
    );
    return rows.map((r) => r.v);
  };
  const [actors, actions, targetTypes] = await Promise.all([
    column("actor_acct"),
    column("action"),
    column("target_type"),
  ]);
  return {
    /** "" stands for entries Howdah wrote on its own (no actor). */
    actors: actors.map((a) => a ?? ""),
    actions: actions.filter((a): a is string => a !== null),
    targetTypes: targetTypes.filter((t): t is string => t !== null),
  };
}
