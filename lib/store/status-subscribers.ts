import "server-only";
import type { Store } from "./connection";

/** Members subscribed to the status page by e-mail (howdah.status_subscribers). */
export interface SubscriberRow {
  id: string;
  email: string;
  createdAt: Date;
  confirmSentAt: Date;
  confirmedAt: Date | null;
}

const COLUMNS = `id::text, email, created_at AS "createdAt", confirm_sent_at AS "confirmSentAt",
  confirmed_at AS "confirmedAt"`;

export async function findSubscriberByEmail(store: Store, email: string): Promise<SubscriberRow | null> {
  const { rows } = await store.pool.query<SubscriberRow>(
    `SELECT ${COLUMNS} FROM howdah.status_subscribers WHERE email = $1`,
    [email],
  );
  return rows[0] ?? null;
}

export async function findSubscriber(store: Store, id: string): Promise<SubscriberRow | null> {
  const { rows } = await store.pool.query<SubscriberRow>(
    `SELECT ${COLUMNS} FROM howdah.status_subscribers WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** A new unconfirmed subscriber, or the existing row untouched (a second request for the same address). */
export async function insertSubscriber(store: Store, email: string, at: Date): Promise<SubscriberRow> {
  const { rows } = await store.pool.query<SubscriberRow>(
    `INSERT INTO howdah.status_subscribers (email, created_at, confirm_sent_at) VALUES ($1, $2, $2)
     ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING ${COLUMNS}`,
    [email, at],
  );
  return rows[0]!;
}

export async function markConfirmationSent(store: Store, id: string, at: Date): Promise<void> {
  await store.pool.query("UPDATE howdah.status_subscribers SET confirm_sent_at = $2 WHERE id = $1", [id, at]);
}

export async function confirmSubscriberRow(store: Store, id: string, at: Date): Promise<void> {
  await store.pool.query(
    "UPDATE howdah.status_subscribers SET confirmed_at = COALESCE(confirmed_at, $2) WHERE id = $1",
    [id, at],
  );
}

export async function deleteSubscriberRow(store: Store, id: string): Promise<boolean> {
  const { rowCount } = await store.pool.query("DELETE FROM howdah.status_subscribers WHERE id = $1", [id]);
  return (rowCount ?? 0) > 0;
}

/** Confirmed subscribers, in batches after `afterId` (ids ascending). */
export async function listConfirmedSubscribers(store: Store, afterId: string, limit: number): Promise<SubscriberRow[]> {
  const { rows } = await store.pool.query<SubscriberRow>(
    `SELECT ${COLUMNS} FROM howdah.status_subscribers
      WHERE confirmed_at IS NOT NULL AND id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}
