import type pg from "pg";

/**
 * Hand-made report cases for the report action tests, added to a generated
 * instance: a target account (local with a user and an e-mail, or remote),
 * its posts (with media, a boost by someone else), and one or more
 * unresolved reports against it, rows shaped as Mastodon writes them.
 */
export interface ReportCase {
  targetId: string;
  acct: string;
  userId: string | null;
  email: string | null;
  statusIds: string[];
  reportIds: string[];
  boostId: string | null;
}

let counter = 0;

export async function addReportCase(
  db: pg.Pool,
  options: {
    local: boolean;
    reporterId: string;
    reports?: number;
    statuses?: number;
    media?: boolean;
    /** Report.category: 0 other, 1000 spam, 1500 legal, 2000 violation. */
    category?: number;
    /** user_roles id for a local target (staff targets). */
    roleId?: number | null;
    email?: string;
  },
): Promise<ReportCase> {
  counter += 1;
  const username = `reported_${process.pid}_${counter}`;
  const domain = options.local ? null : `remote${counter}.example`;
  const at = "(now() AT TIME ZONE 'UTC') - interval '2 days'";
  const account = await db.query<{ id: string }>(
    `INSERT INTO accounts (username, domain, uri, created_at, updated_at)
     VALUES ($1, $2, $3, ${at}, ${at}) RETURNING id::text AS id`,
    [username, domain, domain ? `https://${domain}/users/${username}` : ""],
  );
  const targetId = account.rows[0]!.id;
  let userId: string | null = null;
  const email = options.local ? (options.email ?? `Re.Ported${process.pid}x${counter}+tag@Example.com`) : null;
  if (options.local) {
    const user = await db.query<{ id: string }>(
      `INSERT INTO users (account_id, email, role_id, confirmed_at, created_at, updated_at)
       VALUES ($1, $2, $3, ${at}, ${at}, ${at}) RETURNING id::text AS id`,
      [targetId, email, options.roleId ?? null],
    );
    userId = user.rows[0]!.id;
  }
  const statusIds: string[] = [];
  for (let i = 0; i < (options.statuses ?? 2); i++) {
    const status = await db.query<{ id: string }>(
      `INSERT INTO statuses (account_id, text, local, uri, created_at, updated_at)
       VALUES ($1, $2, $3, NULL, ${at}, ${at}) RETURNING id::text AS id`,
      [targetId, `reported post ${i}`, options.local],
    );
    const id = status.rows[0]!.id;
    const uri = domain
      ? `https://${domain}/users/${username}/statuses/${id}`
      : `https://howdah.test/users/${username}/statuses/${id}`;
    await db.query("UPDATE statuses SET uri = $2 WHERE id = $1", [id, uri]);
    if (options.media ?? true) {
      await db.query(
        `INSERT INTO media_attachments (status_id, account_id, file_file_name, created_at, updated_at)
         VALUES ($1, $2, 'a.png', ${at}, ${at})`,
        [id, targetId],
      );
    }
    statusIds.push(id);
  }
  let boostId: string | null = null;
  if (statusIds[0]) {
    const boost = await db.query<{ id: string }>(
      `INSERT INTO statuses (account_id, reblog_of_id, local, uri, created_at, updated_at)
       VALUES ($1, $2, true, NULL, ${at}, ${at}) RETURNING id::text AS id`,
      [options.reporterId, statusIds[0]],
    );
    boostId = boost.rows[0]!.id;
  }
  const reportIds: string[] = [];
  for (let i = 0; i < (options.reports ?? 1); i++) {
    const report = await db.query<{ id: string }>(
      `INSERT INTO reports (account_id, target_account_id, category, comment, status_ids, created_at, updated_at)
       VALUES ($1, $2, $3, 'please look', $4::bigint[], ${at}, ${at}) RETURNING id::text AS id`,
      [options.reporterId, targetId, options.category ?? 2000, statusIds],
    );
    reportIds.push(report.rows[0]!.id);
  }
  return {
    targetId,
    acct: domain ? `${username}@${domain}` : username,
    userId,
    email,
    statusIds,
    reportIds,
    boostId,
  };
}
