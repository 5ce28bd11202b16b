import "server-only";
import { createHash } from "node:crypto";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";

/**
 * What a moderator decides on, read in one go: the report, its target
 * account (and user), and both staff roles' positions (Mastodon's
 * `overrides?`). The state token is a digest of everything an action would
 * change or depend on (the report's updated_at, resolution and assignee,
 * the target's silence, suspension, sensitive mark and freeze), prefixed by
 * when it was read. A write re-reads the same rows under FOR UPDATE and
 * refuses when the digest differs: someone else acted meanwhile, so nothing
 * is done twice (issue 13, point 4).
 */
type Queryable = Pick<pg.ClientBase, "query">;

export interface ReportActionState {
  reportId: string;
  /** Report.category as Mastodon names it. */
  category: "other" | "spam" | "legal" | "violation" | "unknown";
  resolved: boolean;
  actionTakenById: string | null;
  assignedAccountId: string | null;
  /** The assignee's acct, for saying who has it. */
  assignedAcct: string | null;
  statusIds: string[];
  target: {
    id: string;
    acct: string;
    local: boolean;
    instanceActor: boolean;
    silenced: boolean;
    suspended: boolean;
    /** suspension_origin: 0 local, 1 remote, null. */
    suspensionOrigin: "local" | "remote" | null;
    sensitized: boolean;
    userId: string | null;
    email: string | null;
    disabled: boolean;
    /** user_roles.position of the target's role (the everyone role, -1, without one); null for remote accounts. */
    rolePosition: number | null;
  };
  /** Position of the acting staff member's role (-1 for the everyone role). */
  actorRolePosition: number;
  /** Locale of the acting staff member's user (the mail job's `locale`), default "en". */
  actorLocale: string;
  /** When this was read (epoch µs, the database clock), the start of "what changed since". */
  readAtMicros: string;
  token: string;
}

const CATEGORY: Record<number, ReportActionState["category"]> = {
  0: "other",
  1000: "spam",
  1500: "legal",
  2000: "violation",
};

const STATE_SQL = (lock: boolean) => `
  SELECT r.id::text AS id, r.category, r.action_taken_at, r.action_taken_by_account_id::text AS taken_by,
         r.assigned_account_id::text AS assigned, r.status_ids::text[] AS status_ids,
         to_char(r.updated_at, 'YYYY-MM-DD HH24:MI:SS.US') AS updated_us,
         r.target_account_id::text AS target_id,
         CASE WHEN aa.domain IS NULL THEN aa.username ELSE aa.username || '@' || aa.domain END AS assigned_acct
    FROM reports r LEFT JOIN accounts aa ON aa.id = r.assigned_account_id
   WHERE r.id = $1 ${lock ? "FOR UPDATE OF r" : ""}`;

const TARGET_SQL = (lock: boolean) => `
  SELECT a.id::text AS id, a.username, a.domain, a.silenced_at, a.suspended_at, a.suspension_origin,
         a.sensitized_at, u.id::text AS user_id, u.email, coalesce(u.disabled, false) AS disabled,
         CASE WHEN a.domain IS NOT NULL THEN NULL ELSE coalesce(tr.position, -1) END AS role_position,
         coalesce(to_char(a.silenced_at, 'YYYY-MM-DD HH24:MI:SS.US'), '') || '|' ||
           coalesce(to_char(a.suspended_at, 'YYYY-MM-DD HH24:MI:SS.US'), '') || '|' ||
           coalesce(to_char(a.sensitized_at, 'YYYY-MM-DD HH24:MI:SS.US'), '') || '|' ||
           coalesce(a.suspension_origin::text, '') || '|' || coalesce(u.disabled::text, '') AS digest_part
    FROM accounts a
    LEFT JOIN users u ON u.account_id = a.id
    LEFT JOIN user_roles tr ON tr.id = u.role_id
   WHERE a.id = $1 ${lock ? "FOR UPDATE OF a" : ""}`;

const ACTOR_SQL = `
  SELECT coalesce(r.position, -1) AS position, coalesce(u.locale, '') AS locale,
         (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS now_us
    FROM accounts a LEFT JOIN users u ON u.account_id = a.id LEFT JOIN user_roles r ON r.id = u.role_id
   WHERE a.id = $1`;

/** The report id, or a 404 that says so. Ids are checked for shape by the caller. */
export async function targetOfReport(db: Queryable, reportId: string): Promise<string> {
  const { rows } = await db.query<{ target: string }>(
    "SELECT target_account_id::text AS target FROM reports WHERE id = $1",
    [reportId],
  );
  if (!rows[0]) throw reportGone(reportId);
  return rows[0].target;
}

/**
 * Reads the state. With `lock`, the target account (and its user) is locked
 * before the report, the order every Howdah report write takes them in, so
 * two actions on reports of one account queue instead of deadlocking.
 */
export async function readActionState(
  db: Queryable,
  reportId: string,
  actorAccountId: string,
  options: { lock: boolean },
): Promise<ReportActionState> {
  const targetId = await targetOfReport(db, reportId);
  const target = (await db.query(TARGET_SQL(options.lock), [targetId])).rows[0];
  if (options.lock && target) await db.query("SELECT 1 FROM users WHERE account_id = $1 FOR UPDATE", [targetId]);
  const report = (await db.query(STATE_SQL(options.lock), [reportId])).rows[0];
  if (!report || !target) throw reportGone(reportId);
  const actor = (await db.query(ACTOR_SQL, [actorAccountId])).rows[0];
  if (!actor) throw new HowdahError("forbidden", "Your Mastodon account no longer exists. Nothing was changed.");
  const digest = createHash("sha256")
    .update(
      [report.updated_us, report.action_taken_at?.toISOString() ?? "", report.assigned ?? "", target.digest_part].join(
        "#",
      ),
    )
    .digest("hex")
    .slice(0, 32);
  return {
    reportId: report.id,
    category: CATEGORY[report.category as number] ?? "unknown",
    resolved: report.action_taken_at !== null,
    actionTakenById: report.taken_by,
    assignedAccountId: report.assigned,
    assignedAcct: report.assigned_acct,
    statusIds: report.status_ids ?? [],
    target: {
      id: target.id,
      acct: target.domain === null ? target.username : `${target.username}@${target.domain}`,
      local: target.domain === null,
      instanceActor: target.id === "-99",
      silenced: target.silenced_at !== null,
      suspended: target.suspended_at !== null,
      suspensionOrigin: target.suspension_origin === 0 ? "local" : target.suspension_origin === 1 ? "remote" : null,
      sensitized: target.sensitized_at !== null,
      userId: target.user_id,
      email: target.email,
      disabled: target.disabled,
      rolePosition: target.role_position === null ? null : Number(target.role_position),
    },
    actorRolePosition: Number(actor.position),
    actorLocale: actor.locale || "en",
    readAtMicros: actor.now_us,
    token: `${actor.now_us}.${digest}`,
  };
}

export function reportGone(reportId: string): HowdahError {
  return new HowdahError("not_found", `There is no report #${reportId}. Nothing was changed.`);
}

/** The digest part of a token, for comparison; the time part only says since when to explain. */
export const tokenDigest = (token: string): string => token.split(".")[1] ?? "";
export function tokenSinceMicros(token: string): string | null {
  const part = token.split(".")[0] ?? "";
  return /^\d{1,18}$/.test(part) ? part : null;
}
