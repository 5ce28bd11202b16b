import "server-only";
import type { Store } from "./connection";

/** Howdah's audit entries of relay actions (relay.create, relay.enable…) that succeeded, for the traffic markers. */
export interface RelayAuditEntry {
  action: string;
  target: string | null;
  actorAcct: string | null;
  createdAt: Date;
  details: { actionLogIds?: string[]; relayId?: string } | null;
}

export async function readRelayAuditEntries(store: Store, actions: string[], from: string): Promise<RelayAuditEntry[]> {
  const { rows } = await store.pool.query<{
    action: string;
    target: string | null;
    actor_acct: string | null;
    created_at: Date;
    details: RelayAuditEntry["details"];
  }>(
    `SELECT action, target, actor_acct, created_at, details FROM howdah.audit_log
      WHERE action = ANY($1::text[]) AND outcome = 'ok' AND created_at >= $2 ORDER BY created_at LIMIT 500`,
    [actions, from],
  );
  return rows.map((r) => ({
    action: r.action,
    target: r.target,
    actorAcct: r.actor_acct,
    createdAt: r.created_at,
    details: r.details,
  }));
}
