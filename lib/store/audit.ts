import "server-only";
import type { Store } from "./connection";

/**
 * Howdah's own audit trail: every action taken through Howdah, including the
 * ones Mastodon's admin_action_logs has no verb for (retrying a Sidekiq job,
 * sign-ins). Written after the action itself, so it records what happened.
 */
export interface AuditInput {
  actor: { accountId: string; acct: string } | null;
  action: string;
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

export async function listAudit(store: Store, limit = 50) {
  const rows = await store.prisma.auditEntry.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((r) => ({ ...r, id: r.id.toString(), actorAccountId: r.actorAccountId?.toString() ?? null }));
}
