import "server-only";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";
import { UTC_NOW } from "@/lib/mastodon/action-log/utc-now";
import { writeActionLog } from "@/lib/mastodon/action-log/write-action-log";
import type { ReportActionState } from "./action-state";
import { canonicalEmailHash } from "./canonical-email";
import { lockedReportWrite, type ReportActor, type ReportWriteDeps } from "./locked-write";
import { runPlannedJobs, type PlannedJob } from "./report-jobs";
import type { ReportWriteResult } from "./state-writes";

/**
 * Admin::AccountAction from a report (facts C5; app/models/admin/account_action.rb
 * at v4.3.23 and v4.6.5, the same steps):
 *
 * one transaction:
 *   1. handle_type!: the log first, then the row (disable → `disable` on
 *      User, users.disabled; sensitive / silence → accounts.sensitized_at /
 *      silenced_at; suspend → Account#suspend!(origin: :local):
 *      account_deletion_requests row, suspended_at + suspension_origin 0,
 *      canonical_email_blocks for a local account with an e-mail);
 *   2. the strike: account_warnings(action 0/1000/2000/3000/4000, text,
 *      report_id, status_ids = the report's as strings);
 *   3. `create` on AccountWarning, only for a warning with text;
 *   4. reports: a warning resolves this report; every other type resolves
 *      all unresolved reports on the account (each: log `resolve`, then the row);
 * after commit: the Report and (local) Account after_update_commit webhooks,
 * then the warning mail and LocalNotificationWorker (one flag, local targets),
 * then Admin::SuspensionWorker for a suspension. The streaming `kill`
 * (Account#suspend! for local accounts, User#disable!) is published after
 * commit too, so a refused action never disconnects anyone.
 *
 * Permission checks (AccountPolicy, UserPolicy, ReportPolicy#update?) are the
 * caller's (lib/reports/actions), made on the state this reads.
 */
export type AccountActionType = "none" | "disable" | "sensitive" | "silence" | "suspend";
export type ReversalType = "unsilence" | "unsensitive" | "unsuspend" | "enable";

const STRIKE: Record<AccountActionType, number> = {
  none: 0,
  disable: 1000,
  sensitive: 2000,
  silence: 3000,
  suspend: 4000,
};

export interface AccountActionInput {
  reportId: string;
  token: string;
  type: AccountActionType;
  text: string;
  notify: boolean;
}

export async function takeAccountAction(
  deps: ReportWriteDeps,
  actor: ReportActor,
  input: AccountActionInput,
): Promise<ReportWriteResult> {
  const { result, state } = await lockedReportWrite(deps, actor, input.reportId, input.token, async (client, s) => {
    const refusal = accountActionRefusal(input.type, s);
    if (refusal) throw new HowdahError("conflict", `${refusal} Nothing was changed.`);
    const logs: string[] = [];
    const rows: Record<string, string> = {};
    logs.push(...(await handleType(client, deps, actor, input.type, s, rows)));
    const warningId = await insertStrike(client, actor, s, STRIKE[input.type], input.text);
    rows.accountWarning = warningId;
    if (input.type === "none" && input.text !== "") {
      logs.push(
        await writeActionLog(client, deps.version, {
          accountId: actor.accountId,
          action: "create",
          target: { type: "AccountWarning", id: warningId, acct: s.target.acct },
        }),
      );
    }
    const resolved = await resolveReports(client, deps, actor, input.type === "none" ? [s.reportId] : null, s);
    logs.push(...resolved.logs);
    return { logs, rows, warningId, resolvedIds: resolved.ids };
  });
  const plan: PlannedJob[] = result.resolvedIds.map((id) => ({
    kind: "webhook" as const,
    event: "report.updated" as const,
    type: "Report",
    id,
  }));
  const changesAccount = input.type === "sensitive" || input.type === "silence" || input.type === "suspend";
  if (changesAccount && state.target.local) {
    plan.unshift({ kind: "webhook", event: "account.updated", type: "Account", id: state.target.id });
  }
  if ((input.type === "suspend" && state.target.local) || input.type === "disable") {
    plan.push({ kind: "kill", accountId: state.target.id });
  }
  if (input.notify && state.target.local && state.target.userId) {
    plan.push({
      kind: "warning",
      targetAccountId: state.target.id,
      userId: state.target.userId,
      warningId: result.warningId,
      locale: state.actorLocale,
    });
  }
  if (input.type === "suspend") plan.push({ kind: "suspension", accountId: state.target.id });
  const jobs = await runPlannedJobs(deps, plan, `The ${input.type} action on ${state.target.acct} was recorded.`);
  return {
    reportId: input.reportId,
    actionLogIds: result.logs,
    jobs,
    rows: { ...result.rows, resolvedReports: result.resolvedIds.join(",") },
  };
}

/** What Mastodon's form would not allow on this account now (types_for_account, disabled_types_for_account). */
export function accountActionRefusal(type: AccountActionType, s: ReportActionState): string | null {
  const t = s.target;
  if (!t.local && (type === "none" || type === "disable")) {
    return `${t.acct} is on another server: only marking as sensitive, limiting and suspending apply to it.`;
  }
  if (type === "disable" && !t.userId) return `${t.acct} has no user to freeze.`;
  if (type === "disable" && t.disabled) return `${t.acct} is frozen already.`;
  if (type === "suspend" && t.instanceActor) return "The instance actor cannot be suspended.";
  if ((type === "silence" || type === "suspend") && t.suspended && t.suspensionOrigin === "local") {
    return `${t.acct} is suspended already.`;
  }
  if (type === "silence" && t.silenced) return `${t.acct} is limited already.`;
  if (type === "sensitive" && t.sensitized) return `${t.acct} is marked as sensitive already.`;
  return null;
}

async function handleType(
  client: pg.PoolClient,
  deps: ReportWriteDeps,
  actor: ReportActor,
  type: AccountActionType,
  s: ReportActionState,
  rows: Record<string, string>,
): Promise<string[]> {
  const account = { type: "Account" as const, id: s.target.id, acct: s.target.acct };
  const log = (action: "sensitive" | "silence" | "suspend") =>
    writeActionLog(client, deps.version, { accountId: actor.accountId, action, target: account });
  switch (type) {
    case "none":
      return [];
    case "disable": {
      const id = await writeActionLog(client, deps.version, {
        accountId: actor.accountId,
        action: "disable",
        target: { type: "User", id: s.target.userId!, accountId: s.target.id, acct: s.target.acct },
      });
      await client.query(`UPDATE users SET disabled = true, updated_at = ${UTC_NOW} WHERE id = $1`, [s.target.userId]);
      return [id];
    }
    case "sensitive":
    case "silence": {
      const id = await log(type);
      const column = type === "sensitive" ? "sensitized_at" : "silenced_at";
      await client.query(`UPDATE accounts SET ${column} = ${UTC_NOW}, updated_at = ${UTC_NOW} WHERE id = $1`, [
        s.target.id,
      ]);
      return [id];
    }
    case "suspend": {
      const id = await log("suspend");
      // has_one :deletion_request, dependent: :destroy: create_deletion_request! replaces one left by a
      // suspension from the account's own server.
      await client.query("DELETE FROM account_deletion_requests WHERE account_id = $1", [s.target.id]);
      const request = await client.query<{ id: string }>(
        `INSERT INTO account_deletion_requests (account_id, created_at, updated_at)
         SELECT $1, t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t RETURNING id::text AS id`,
        [s.target.id],
      );
      rows.accountDeletionRequest = request.rows[0]!.id;
      await client.query(
        `UPDATE accounts SET suspended_at = ${UTC_NOW}, suspension_origin = 0, updated_at = ${UTC_NOW} WHERE id = $1`,
        [s.target.id],
      );
      if (s.target.local && s.target.email) {
        // CanonicalEmailBlock.create, a unique violation swallowed (the address is blocked already).
        const block = await client.query<{ id: string }>(
          `INSERT INTO canonical_email_blocks (canonical_email_hash, reference_account_id, created_at, updated_at)
           SELECT $1, $2, t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t
           ON CONFLICT (canonical_email_hash) DO NOTHING RETURNING id::text AS id`,
          [canonicalEmailHash(s.target.email), s.target.id],
        );
        if (block.rows[0]) rows.canonicalEmailBlock = block.rows[0].id;
      }
      return [id];
    }
  }
}

/** target.strikes.create!: status_ids are the report's, as strings (varchar[]). */
async function insertStrike(
  client: pg.PoolClient,
  actor: ReportActor,
  s: ReportActionState,
  action: number,
  text: string,
): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO account_warnings (account_id, target_account_id, action, text, report_id, status_ids,
        created_at, updated_at)
     SELECT $1, $2, $3, $4, $5, $6::varchar[], t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t RETURNING id::text AS id`,
    [actor.accountId, s.target.id, action, text, s.reportId, s.statusIds],
  );
  return rows[0]!.id;
}

/**
 * process_reports!: `only` (a warning: this report) or every unresolved
 * report on the account, locked, in id order; each logged, then resolved.
 */
async function resolveReports(
  client: pg.PoolClient,
  deps: ReportWriteDeps,
  actor: ReportActor,
  only: string[] | null,
  s: ReportActionState,
): Promise<{ ids: string[]; logs: string[] }> {
  const { rows } = await client.query<{ id: string }>(
    only
      ? "SELECT id::text AS id FROM reports WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE"
      : "SELECT id::text AS id FROM reports WHERE target_account_id = $1 AND action_taken_at IS NULL " +
          "ORDER BY id FOR UPDATE",
    [only ?? s.target.id],
  );
  const logs: string[] = [];
  for (const { id } of rows) {
    logs.push(
      await writeActionLog(client, deps.version, {
        accountId: actor.accountId,
        action: "resolve",
        target: { type: "Report", id },
      }),
    );
    await client.query(
      `UPDATE reports SET action_taken_at = ${UTC_NOW}, action_taken_by_account_id = $2, updated_at = ${UTC_NOW}
        WHERE id = $1`,
      [id, actor.accountId],
    );
  }
  return { ids: rows.map((r) => r.id), logs };
}

/**
 * The reversals on Admin::AccountsController (facts C8, same in 4.3 and
 * 4.6): the row change, then the log; unsuspend also destroys the deletion
 * request and (local accounts) the canonical e-mail blocks, and enqueues
 * Admin::UnsuspensionWorker after commit. No strike is removed and no report
 * reopened. Unsilence and unsensitive save the Account, so a local one fires
 * the account.updated webhook; enable saves the User, which has none.
 */
export async function reverseAccountAction(
  deps: ReportWriteDeps,
  actor: ReportActor,
  input: { reportId: string; token: string; type: ReversalType },
): Promise<ReportWriteResult> {
  const { result, state } = await lockedReportWrite(deps, actor, input.reportId, input.token, async (client, s) => {
    const refusal = reversalRefusal(input.type, s);
    if (refusal) throw new HowdahError("conflict", `${refusal} Nothing was changed.`);
    const account = { type: "Account" as const, id: s.target.id, acct: s.target.acct };
    const id = s.target.id;
    switch (input.type) {
      case "unsilence":
      case "unsensitive": {
        const column = input.type === "unsilence" ? "silenced_at" : "sensitized_at";
        await client.query(`UPDATE accounts SET ${column} = NULL, updated_at = ${UTC_NOW} WHERE id = $1`, [id]);
        break;
      }
      case "unsuspend":
        await client.query("DELETE FROM account_deletion_requests WHERE account_id = $1", [id]);
        await client.query(
          `UPDATE accounts SET suspended_at = NULL, suspension_origin = NULL, updated_at = ${UTC_NOW} WHERE id = $1`,
          [id],
        );
        if (s.target.local)
          await client.query("DELETE FROM canonical_email_blocks WHERE reference_account_id = $1", [id]);
        break;
      case "enable":
        await client.query(`UPDATE users SET disabled = false, updated_at = ${UTC_NOW} WHERE id = $1`, [
          s.target.userId,
        ]);
        return writeActionLog(client, deps.version, {
          accountId: actor.accountId,
          action: "enable",
          target: { type: "User", id: s.target.userId!, accountId: id, acct: s.target.acct },
        });
    }
    return writeActionLog(client, deps.version, { accountId: actor.accountId, action: input.type, target: account });
  });
  const plan: PlannedJob[] = [];
  if (input.type !== "enable" && state.target.local) {
    plan.push({ kind: "webhook", event: "account.updated", type: "Account", id: state.target.id });
  }
  if (input.type === "unsuspend") plan.push({ kind: "unsuspension", accountId: state.target.id });
  const jobs = await runPlannedJobs(deps, plan, `The ${input.type} on ${state.target.acct} was recorded.`);
  return { reportId: input.reportId, actionLogIds: [result], jobs, rows: {} };
}

/** Whether the reversal applies to the account as it is (AccountPolicy#unsuspend? needs a local-origin suspension). */
export function reversalRefusal(type: ReversalType, s: ReportActionState): string | null {
  const t = s.target;
  switch (type) {
    case "unsilence":
      return t.silenced ? null : `${t.acct} is not limited.`;
    case "unsensitive":
      return t.sensitized ? null : `${t.acct} is not marked as sensitive.`;
    case "unsuspend":
      if (!t.suspended) return `${t.acct} is not suspended.`;
      return t.suspensionOrigin === "local"
        ? null
        : `${t.acct} was suspended by its own server; only it can lift that.`;
    case "enable":
      return t.userId && t.disabled ? null : `${t.acct} is not frozen.`;
  }
}
