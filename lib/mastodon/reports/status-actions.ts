import "server-only";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";
import { UTC_NOW } from "@/lib/mastodon/action-log/utc-now";
import { writeActionLog } from "@/lib/mastodon/action-log/write-action-log";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { enqueueJob } from "@/lib/mastodon/sidekiq-client/enqueue";
import { REMOVAL_WORKER } from "@/lib/mastodon/sidekiq-client/workers";
import type { ReportActionState } from "./action-state";
import { lockedReportWrite, type ReportActor, type ReportWriteDeps } from "./locked-write";
import { runPlannedJobs, type PlannedJob, type ReportJob } from "./report-jobs";
import type { ReportWriteResult } from "./state-writes";
import { applyChange } from "./state-writes";

/**
 * The report's status actions (facts C6):
 *
 * delete — 4.6 Admin::ModerationAction#handle_delete! and 4.3
 * Admin::StatusBatchAction#handle_delete!, the same steps: in one
 * transaction, each status (with_discarded, so already deleted ones too)
 * `discard_with_reblogs` (its boosts' deleted_at by update_all, then its own
 * deleted_at and updated_at) and a `destroy` log; the report resolved and
 * logged; strike 1500 (delete_statuses) with the report's status_ids and the
 * text; for a remote author, a moderator tombstone per status URI. After
 * commit: the after_update_commit webhooks (status.updated for local
 * statuses, report.updated), the warning mail and notification, and
 * RemovalWorker.push_bulk [id, {"preserve" => local, "immediate" => !local}].
 *
 * mark as sensitive, remote authors only — each kept status with media or a
 * preview card gets sensitive = true and an `update` log; then the report is
 * resolved (4.6: once; 4.3: after every status, a `resolve` log and a
 * report.updated webhook each time), strike 1250, the notification. For a
 * local author Mastodon edits the post as the instance actor
 * (UpdateStatusService: status_edits, an ActivityPub Update to followers),
 * which Howdah does not reproduce: the product does not offer it.
 *
 * 4.6 reports can carry collections, which ModerationAction deletes or
 * marks through Mastodon's services; Howdah refuses reports with any.
 */
export interface StatusActionInput {
  reportId: string;
  token: string;
  type: "delete" | "mark_as_sensitive";
  text: string;
  notify: boolean;
  /** WEB_DOMAIN: the permalink of a local status in its log row. */
  webDomain: string;
}

interface StatusRow {
  id: string;
  local: boolean;
  uri: string | null;
  deleted: boolean;
  candidate: boolean;
}

export async function takeStatusAction(
  deps: ReportWriteDeps,
  actor: ReportActor,
  input: StatusActionInput,
): Promise<ReportWriteResult> {
  const release = deps.version.release;
  const { result, state } = await lockedReportWrite(deps, actor, input.reportId, input.token, async (client, s) => {
    if (s.resolved) throw new HowdahError("conflict", "This report is resolved. Nothing was changed.");
    if (release === "4.6") {
      const c = await client.query("SELECT 1 FROM collection_reports WHERE report_id = $1 LIMIT 1", [s.reportId]);
      if (c.rowCount) {
        throw new HowdahError(
          "conflict",
          "This report includes collections: act on it in Mastodon. Nothing was changed.",
        );
      }
    }
    const statuses = await lockStatuses(client, s.statusIds);
    if (statuses.length === 0) throw new HowdahError("conflict", "This report has no posts. Nothing was changed.");
    if (input.type === "delete") return deleteStatuses(client, deps, actor, s, statuses, input);
    if (s.target.local) {
      throw new HowdahError(
        "conflict",
        "Marking a local post as sensitive is an edit by the instance actor: do it in Mastodon. Nothing was changed.",
      );
    }
    const candidates = statuses.filter((st) => st.candidate && !st.deleted);
    if (candidates.length === 0) {
      throw new HowdahError("conflict", "No reported post has media or a link preview to mark. Nothing was changed.");
    }
    return markSensitive(client, deps, actor, s, candidates, input);
  });
  const plan = [...result.plan];
  if (input.notify && state.target.local && state.target.userId) {
    plan.push({
      kind: "warning",
      targetAccountId: state.target.id,
      userId: state.target.userId,
      warningId: result.warningId,
      locale: state.actorLocale,
    });
  }
  const what = input.type === "delete" ? "deletion" : "sensitive mark";
  const saved = `The ${what} on report #${input.reportId} was recorded.`;
  const jobs = await runPlannedJobs(deps, plan, saved);
  if (input.type === "delete") jobs.push(...(await pushRemovals(deps, result.statusIds, state.target.local, saved)));
  return { reportId: input.reportId, actionLogIds: result.logs, jobs, rows: { accountWarning: result.warningId } };
}

async function lockStatuses(client: pg.PoolClient, ids: string[]): Promise<StatusRow[]> {
  const { rows } = await client.query<StatusRow>(
    `SELECT s.id::text AS id, (coalesce(s.local, false) OR s.uri IS NULL) AS local, s.uri,
            s.deleted_at IS NOT NULL AS deleted,
            (EXISTS (SELECT 1 FROM media_attachments m WHERE m.status_id = s.id)
              OR EXISTS (SELECT 1 FROM preview_cards_statuses p WHERE p.status_id = s.id)) AS candidate
       FROM statuses s WHERE s.id = ANY($1::bigint[]) ORDER BY s.id FOR UPDATE OF s`,
    [ids],
  );
  return rows;
}

interface Done {
  logs: string[];
  warningId: string;
  plan: PlannedJob[];
  statusIds: string[];
}

async function deleteStatuses(
  client: pg.PoolClient,
  deps: ReportWriteDeps,
  actor: ReportActor,
  s: ReportActionState,
  statuses: StatusRow[],
  input: StatusActionInput,
): Promise<Done> {
  const logs: string[] = [];
  const plan: PlannedJob[] = [];
  for (const st of statuses) {
    // discard_with_reblogs: boosts still kept or discarded together with it, then the status itself.
    await client.query(
      `UPDATE statuses SET deleted_at = ${UTC_NOW}
        WHERE reblog_of_id = $1 AND (deleted_at IS NULL OR deleted_at = (SELECT deleted_at FROM statuses WHERE id = $1))
          AND (SELECT reblog_of_id FROM statuses WHERE id = $1) IS NULL`,
      [st.id],
    );
    await client.query(`UPDATE statuses SET deleted_at = ${UTC_NOW}, updated_at = ${UTC_NOW} WHERE id = $1`, [st.id]);
    logs.push(
      await writeActionLog(client, deps.version, {
        accountId: actor.accountId,
        action: "destroy",
        target: { type: "Status", id: st.id, webDomain: input.webDomain },
      }),
    );
    if (st.local) plan.push({ kind: "webhook", event: "status.updated", type: "Status", id: st.id });
  }
  logs.push(await applyChange(client, deps.version, actor, s.reportId, "resolve"));
  plan.push({ kind: "webhook", event: "report.updated", type: "Report", id: s.reportId });
  const warningId = await strike(client, actor, s, 1500, input.text);
  if (!s.target.local) {
    for (const st of statuses) {
      if (st.uri === null) continue;
      await client.query(
        `INSERT INTO tombstones (uri, account_id, by_moderator, created_at, updated_at)
         SELECT $1::varchar, $2::bigint, true, t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t
          WHERE NOT EXISTS (SELECT 1 FROM tombstones
                             WHERE uri = $1::varchar AND account_id = $2::bigint AND by_moderator)`,
        [st.uri, s.target.id],
      );
    }
  }
  return { logs, warningId, plan, statusIds: s.statusIds };
}

async function markSensitive(
  client: pg.PoolClient,
  deps: ReportWriteDeps,
  actor: ReportActor,
  s: ReportActionState,
  candidates: StatusRow[],
  input: StatusActionInput,
): Promise<Done> {
  const logs: string[] = [];
  const plan: PlannedJob[] = [];
  const perStatus = deps.version.release === "4.3";
  const resolve = async () => {
    // 4.6 resolve_report!: resolve!, then the log (applyChange's order).
    logs.push(await applyChange(client, deps.version, actor, s.reportId, "resolve"));
    plan.push({ kind: "webhook", event: "report.updated", type: "Report", id: s.reportId });
  };
  for (const st of candidates) {
    // status.update(sensitive: true): a save only when it changes.
    await client.query(
      `UPDATE statuses SET sensitive = true, updated_at = ${UTC_NOW} WHERE id = $1 AND sensitive = false`,
      [st.id],
    );
    logs.push(
      await writeActionLog(client, deps.version, {
        accountId: actor.accountId,
        action: "update",
        target: { type: "Status", id: st.id, webDomain: input.webDomain },
      }),
    );
    if (perStatus) await resolve();
  }
  if (!perStatus) await resolve();
  const warningId = await strike(client, actor, s, 1250, input.text);
  return { logs, warningId, plan, statusIds: s.statusIds };
}

function strike(client: pg.PoolClient, actor: ReportActor, s: ReportActionState, action: number, text: string) {
  return client
    .query<{ id: string }>(
      `INSERT INTO account_warnings (account_id, target_account_id, action, text, report_id, status_ids,
          created_at, updated_at)
       SELECT $1, $2, $3, $4, $5, $6::varchar[], t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t
       RETURNING id::text AS id`,
      [actor.accountId, s.target.id, action, text, s.reportId, s.statusIds],
    )
    .then((r) => r.rows[0]!.id);
}

/**
 * RemovalWorker.push_bulk (the sidekiq-bulk gem over Sidekiq::Client.push_bulk):
 * one normalised item {"class", "args"} merged over the defaults, so every
 * job reads retry, queue, class, args, jid, created_at, enqueued_at, with one
 * created_at and one enqueued_at for the whole batch.
 */
async function pushRemovals(
  deps: ReportWriteDeps,
  statusIds: string[],
  local: boolean,
  saved: string,
): Promise<ReportJob[]> {
  const createdAt = Date.now();
  const enqueuedAt = Date.now();
  const clock = () => {
    let reads = 0;
    return { now: () => (reads++ === 0 ? createdAt : enqueuedAt) };
  };
  const jobs: ReportJob[] = [];
  try {
    for (const id of statusIds) {
      const options = new Map<string, boolean>([
        ["preserve", local],
        ["immediate", !local],
      ]);
      const args = [BigInt(id), options];
      const pushed = await enqueueJob(
        deps.mastodon.sidekiqRedis,
        sidekiqKeys(deps.mastodon.keyPrefix),
        deps.version.sidekiqFormat,
        { ...REMOVAL_WORKER, args, itemOrder: "class-first" },
        clock(),
      );
      jobs.push({ className: pushed.className, queue: pushed.queue, args: [id, `preserve=${local}`], jid: pushed.jid });
    }
  } catch (error) {
    throw new HowdahError(
      "unavailable",
      `${saved} But Howdah could not hand every RemovalWorker job to Sidekiq (${jobs.length} of ${statusIds.length} ` +
        `went): ${(error as Error).message}. Do not repeat the action; tell an admin.`,
      { partial: true },
    );
  }
  return jobs;
}
