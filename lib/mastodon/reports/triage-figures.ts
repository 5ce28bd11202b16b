import "server-only";
import { accountRef, accountRefColumns, NOW_UTC, ts, type AccountRef, type Queryable } from "./report-columns";

/**
 * Triage figures from Mastodon's own rows (reports, report_notes and the
 * admin_action_logs Mastodon writes for each report):
 * - open reports, the oldest open one and the oldest open unassigned one;
 * - over the last `days` days: time to first action (for reports received in
 *   the window, the first `Report` log — assign, resolve, reopen — or note,
 *   whichever came first, credited to whoever did it) and time to resolution
 *   (for reports resolved in the window, action_taken_at − created_at,
 *   credited to action_taken_by). Medians, overall and per moderator;
 * - reports received and resolved per UTC day over the window (both are
 *   recorded facts, not a reconstruction of a backlog).
 */
export interface OpenFigures {
  open: number;
  oldestOpenAt: string | null;
  oldestUnassignedAt: string | null;
  unassigned: number;
}

export interface ModeratorFigures {
  moderator: AccountRef | null;
  firstActions: number;
  medianFirstActionSeconds: number | null;
  resolved: number;
  medianResolutionSeconds: number | null;
}

export interface TriageWindowFigures {
  days: number;
  firstActions: number;
  medianFirstActionSeconds: number | null;
  resolved: number;
  medianResolutionSeconds: number | null;
  moderators: ModeratorFigures[];
  daily: { day: string; received: number; resolved: number }[];
}

export async function readOpenFigures(db: Queryable): Promise<OpenFigures> {
  const { rows } = await db.query(
    `SELECT count(*) AS open, count(*) FILTER (WHERE assigned_account_id IS NULL) AS unassigned,
            ${ts("min(created_at)")} AS oldest_open,
            ${ts("min(created_at) FILTER (WHERE assigned_account_id IS NULL)")} AS oldest_unassigned
       FROM reports WHERE action_taken_at IS NULL`,
  );
  const r = rows[0]!;
  return {
    open: Number(r.open),
    unassigned: Number(r.unassigned),
    oldestOpenAt: r.oldest_open,
    oldestUnassignedAt: r.oldest_unassigned,
  };
}

const median = (expr: string) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expr})`;

export async function readTriageWindow(db: Queryable, days: number): Promise<TriageWindowFigures> {
  const since = `(${NOW_UTC} - make_interval(days => $1::int))`;
  const firsts = `
    SELECT r.id, extract(epoch FROM f.at - r.created_at) AS secs, f.by
      FROM reports r
      CROSS JOIN LATERAL (
        SELECT at, by FROM (
          (SELECT l.created_at AS at, l.account_id AS by FROM admin_action_logs l
            WHERE l.target_type = 'Report' AND l.target_id = r.id ORDER BY l.created_at LIMIT 1)
          UNION ALL
          (SELECT n.created_at, n.account_id FROM report_notes n WHERE n.report_id = r.id ORDER BY n.created_at LIMIT 1)
        ) x ORDER BY at LIMIT 1
      ) f
     WHERE r.created_at >= ${since}`;
  const resolutions = `
    SELECT r.id, extract(epoch FROM r.action_taken_at - r.created_at) AS secs, r.action_taken_by_account_id AS by
      FROM reports r WHERE r.action_taken_at >= ${since}`;
  const [overall, perModerator, daily] = await Promise.all([
    db.query(
      `SELECT (SELECT count(*) FROM (${firsts}) a) AS first_n, (SELECT ${median("secs")} FROM (${firsts}) a) AS first_m,
              (SELECT count(*) FROM (${resolutions}) b) AS res_n,
              (SELECT ${median("secs")} FROM (${resolutions}) b) AS res_m`,
      [days],
    ),
    db.query(
      `WITH a AS (SELECT by, count(*) AS n, ${median("secs")} AS m FROM (${firsts}) x GROUP BY by),
            b AS (SELECT by, count(*) AS n, ${median("secs")} AS m FROM (${resolutions}) y GROUP BY by)
       SELECT COALESCE(a.by, b.by)::text AS by_key, a.n AS first_n, a.m AS first_m, b.n AS res_n, b.m AS res_m,
              ${accountRefColumns("acc", "mod")}
         FROM a FULL JOIN b ON a.by = b.by LEFT JOIN accounts acc ON acc.id = COALESCE(a.by, b.by)
        ORDER BY COALESCE(b.n, 0) + COALESCE(a.n, 0) DESC, by_key`,
      [days],
    ),
    db.query(
      `WITH d AS (SELECT generate_series(date_trunc('day', ${since}), date_trunc('day', ${NOW_UTC}), '1 day') AS day),
            e AS (SELECT date_trunc('day', created_at) AS day, 1 AS received, 0 AS resolved
                    FROM reports WHERE created_at >= date_trunc('day', ${since})
                  UNION ALL
                  SELECT date_trunc('day', action_taken_at), 0, 1
                    FROM reports WHERE action_taken_at >= date_trunc('day', ${since}))
       SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COALESCE(sum(e.received), 0) AS received,
              COALESCE(sum(e.resolved), 0) AS resolved
         FROM d LEFT JOIN e ON e.day = d.day GROUP BY d.day ORDER BY d.day`,
      [days],
    ),
  ]);
  const o = overall.rows[0]!;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    days,
    firstActions: Number(o.first_n),
    medianFirstActionSeconds: num(o.first_m),
    resolved: Number(o.res_n),
    medianResolutionSeconds: num(o.res_m),
    moderators: perModerator.rows.map((r) => ({
      moderator: accountRef(r, "mod"),
      firstActions: Number(r.first_n ?? 0),
      medianFirstActionSeconds: num(r.first_m),
      resolved: Number(r.res_n ?? 0),
      medianResolutionSeconds: num(r.res_m),
    })),
    daily: daily.rows.map((r) => ({ day: r.day, received: Number(r.received), resolved: Number(r.resolved) })),
  };
}
