import "server-only";
import { inTransaction } from "@/lib/pg/in-transaction";
import type { Store } from "./connection";

/**
 * Howdah's alerting tables (prisma/migrations/0017_alerts_and_subscriptions.sql): contact
 * points, silences, the notify policy and each alert's notifier state. Plain
 * SQL: the worker reads these every cycle and otherwise never loads Prisma's
 * query compiler (see lib/store/incidents.ts).
 */
export interface ContactPointRow {
  id: string;
  name: string;
  kind: string;
  settings: unknown;
  createdAt: Date;
  createdBy: string | null;
  lastSentAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

const POINT_COLUMNS = `id::text, name, kind, settings, created_at AS "createdAt", created_by AS "createdBy",
  last_sent_at AS "lastSentAt", last_error AS "lastError", last_error_at AS "lastErrorAt"`;

export async function listContactPoints(store: Store): Promise<ContactPointRow[]> {
  const { rows } = await store.pool.query<ContactPointRow>(
    `SELECT ${POINT_COLUMNS} FROM howdah.alert_contact_points ORDER BY id`,
  );
  return rows;
}

export async function findContactPoint(store: Store, id: string): Promise<ContactPointRow | null> {
  const { rows } = await store.pool.query<ContactPointRow>(
    `SELECT ${POINT_COLUMNS} FROM howdah.alert_contact_points WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function insertContactPoint(
  store: Store,
  point: { name: string; kind: string; settings: unknown; createdBy: string },
): Promise<ContactPointRow> {
  const { rows } = await store.pool.query<ContactPointRow>(
    `INSERT INTO howdah.alert_contact_points (name, kind, settings, created_by) VALUES ($1, $2, $3, $4)
     RETURNING ${POINT_COLUMNS}`,
    [point.name, point.kind, JSON.stringify(point.settings), point.createdBy],
  );
  return rows[0]!;
}

export async function deleteContactPointRow(store: Store, id: string): Promise<ContactPointRow | null> {
  const { rows } = await store.pool.query<ContactPointRow>(
    `DELETE FROM howdah.alert_contact_points WHERE id = $1 RETURNING ${POINT_COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}

/** A send's outcome: a success clears the last failure; a failure keeps its sentence and time for staff. */
export async function recordContactPointResult(
  store: Store,
  id: string,
  result: { ok: true } | { ok: false; error: string },
  at: Date,
): Promise<void> {
  if (result.ok) {
    await store.pool.query(
      `UPDATE howdah.alert_contact_points SET last_sent_at = $2, last_error = NULL, last_error_at = NULL
        WHERE id = $1`,
      [id, at],
    );
  } else {
    await store.pool.query(`UPDATE howdah.alert_contact_points SET last_error = $2, last_error_at = $3 WHERE id = $1`, [
      id,
      result.error.slice(0, 1000),
      at,
    ]);
  }
}

export interface SilenceRow {
  id: string;
  matcher: string;
  comment: string;
  endsAt: Date;
  createdAt: Date;
  createdBy: string | null;
}

const SILENCE_COLUMNS = `id::text, matcher, comment, ends_at AS "endsAt", created_at AS "createdAt",
  created_by AS "createdBy"`;

/** Silences that have not ended by `now`. */
export async function listActiveSilences(store: Store, now: Date): Promise<SilenceRow[]> {
  const { rows } = await store.pool.query<SilenceRow>(
    `SELECT ${SILENCE_COLUMNS} FROM howdah.alert_silences WHERE ends_at > $1 ORDER BY ends_at`,
    [now],
  );
  return rows;
}

export async function insertSilence(
  store: Store,
  silence: { matcher: string; comment: string; endsAt: Date; createdBy: string },
): Promise<SilenceRow> {
  const { rows } = await store.pool.query<SilenceRow>(
    `INSERT INTO howdah.alert_silences (matcher, comment, ends_at, created_by) VALUES ($1, $2, $3, $4)
     RETURNING ${SILENCE_COLUMNS}`,
    [silence.matcher, silence.comment, silence.endsAt, silence.createdBy],
  );
  return rows[0]!;
}

/** Ends a silence now (kept for the record until its rows are cleaned with the table). */
export async function endSilenceRow(store: Store, id: string, now: Date): Promise<SilenceRow | null> {
  const { rows } = await store.pool.query<SilenceRow>(
    `UPDATE howdah.alert_silences SET ends_at = LEAST(ends_at, $2) WHERE id = $1 RETURNING ${SILENCE_COLUMNS}`,
    [id, now],
  );
  return rows[0] ?? null;
}

export interface PolicyRow {
  pendingSeconds: number;
  repeatSeconds: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export async function readAlertPolicy(store: Store): Promise<PolicyRow | null> {
  const { rows } = await store.pool.query<PolicyRow>(
    `SELECT pending_seconds AS "pendingSeconds", repeat_seconds AS "repeatSeconds", updated_at AS "updatedAt",
            updated_by AS "updatedBy" FROM howdah.alert_policy`,
  );
  return rows[0] ?? null;
}

export async function writeAlertPolicy(
  store: Store,
  policy: { pendingSeconds: number; repeatSeconds: number },
  by: string,
): Promise<void> {
  await store.pool.query(
    `INSERT INTO howdah.alert_policy (id, pending_seconds, repeat_seconds, updated_by) VALUES (true, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET pending_seconds = $1, repeat_seconds = $2, updated_by = $3, updated_at = now()`,
    [policy.pendingSeconds, policy.repeatSeconds, by],
  );
}

export interface AlertStateRow {
  id: string;
  state: "pending" | "firing";
  severity: "warning" | "critical";
  title: string;
  message: string;
  since: string;
  notifiedAt: string | null;
  notifiedSeverity: "warning" | "critical" | null;
}

export async function readAlertStates(store: Store): Promise<AlertStateRow[]> {
  const { rows } = await store.pool.query<
    Omit<AlertStateRow, "since" | "notifiedAt"> & { since: Date; notifiedAt: Date | null }
  >(
    `SELECT alert_id AS id, state, severity, title, message, since, notified_at AS "notifiedAt",
            notified_severity AS "notifiedSeverity" FROM howdah.alert_states ORDER BY alert_id`,
  );
  return rows.map((r) => ({ ...r, since: r.since.toISOString(), notifiedAt: r.notifiedAt?.toISOString() ?? null }));
}

/** Replaces every state with `states` in one transaction (what the notifier knows after a cycle). */
export async function replaceAlertStates(store: Store, states: readonly AlertStateRow[]): Promise<void> {
  await inTransaction(store.pool, async (client) => {
    await client.query("DELETE FROM howdah.alert_states");
    if (states.length === 0) return;
    await client.query(
      `INSERT INTO howdah.alert_states
           (alert_id, state, severity, title, message, since, notified_at, notified_severity)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                            $7::timestamptz[], $8::text[])`,
      [
        states.map((s) => s.id),
        states.map((s) => s.state),
        states.map((s) => s.severity),
        states.map((s) => s.title),
        states.map((s) => s.message),
        states.map((s) => s.since),
        states.map((s) => s.notifiedAt),
        states.map((s) => s.notifiedSeverity),
      ],
    );
  });
}

/** The alert rules' settings (lib/alerts/rules.ts): one row of JSON, or null when an admin never changed them. */
export async function readAlertRuleSettings(
  store: Store,
): Promise<{ settings: unknown; updatedAt: Date; updatedBy: string | null } | null> {
  const { rows } = await store.pool.query<{ settings: unknown; updatedAt: Date; updatedBy: string | null }>(
    `SELECT settings, updated_at AS "updatedAt", updated_by AS "updatedBy" FROM howdah.alert_rule_settings`,
  );
  return rows[0] ?? null;
}

export async function writeAlertRuleSettings(store: Store, settings: unknown, by: string): Promise<void> {
  await store.pool.query(
    `INSERT INTO howdah.alert_rule_settings (id, settings, updated_by) VALUES (true, $1, $2)
     ON CONFLICT (id) DO UPDATE SET settings = $1, updated_by = $2, updated_at = now()`,
    [JSON.stringify(settings), by],
  );
}
