import "server-only";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";
import { writeActionLogs, type ActionLogEntry } from "@/lib/mastodon/action-log/write-action-log";
import { UTC_NOW } from "@/lib/mastodon/action-log/utc-now";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { enqueueJobs } from "@/lib/mastodon/sidekiq-client/enqueue";
import { DOMAIN_BLOCK_WORKER } from "@/lib/mastodon/sidekiq-client/workers";
import { assertWritable } from "@/lib/mastodon/version";
import { inTransaction } from "@/lib/pg/in-transaction";
import { BLOCK_COLUMNS, toBlockRow, type DomainBlockRow } from "./block-rows";
import {
  BLOCK_WRITE_LOCK,
  blockFieldValues,
  guardMessage,
  type BlockActor,
  type BlockChange,
  type BlockFields,
  type BlockWriteDeps,
  type WriteSource,
} from "./block-writes";
import { displayDomain, domainVariants, normalizeDomain } from "./domain-name";

/**
 * A page of a batch (an import's rows, a few hundred at a time) written with
 * a handful of multi-row statements instead of one transaction per row, and
 * leaving exactly what the form's writes (block-writes.ts) leave row by row:
 *
 * - a `create` row is createBlock: a new domain gets its INSERT (created_at =
 *   updated_at, each row its own instant) and a `create` log; a domain with its
 *   own block is the "upgrade" (updated in place only if something changes,
 *   created_at kept) with a `create` log on that id; DomainBlockWorker [id];
 * - an `update` row is updateBlock on a given block: `update` log,
 *   DomainBlockWorker [id, severity changed];
 * - a row the guard refuses (or whose block is gone, or whose domain is not
 *   valid) is returned with the form's sentence and nothing is written for it.
 *
 * The rows are decided in order against the blocks as they are, read once
 * under the same advisory lock the form's writes take, and as each row
 * changes them (a parent suspended earlier in the page makes a looser row on
 * its sub-domain refused, as it would be row by row). The page is one
 * transaction: the blocks and their log rows land together or not at all.
 * After COMMIT the jobs go to Sidekiq in one round trip, in row order. The
 * `instances` view is left to the batch runner (WriteOptions "batch").
 */
export type PageRow =
  { kind: "create"; domain: string; fields: BlockFields } | { kind: "update"; id: string; fields: BlockFields };

/** A refusal is one of the form's rule refusals (bad domain, the guard, a block gone), with its sentence. */
type Refusal = { code: "bad_request" | "conflict" | "not_found"; message: string };
export type PageOutcome = { ok: true; change: BlockChange } | ({ ok: false } & Refusal);

type Decision =
  | { row: number; op: "insert"; domain: string; fields: BlockFields }
  | {
      row: number;
      op: "upgrade" | "update";
      before: DomainBlockRow;
      fields: BlockFields;
      changed: boolean;
    };

const NO_VIEW_REFRESH = { reason: null, staleAccounts: 0, problem: null };

export async function writeBlockPage(
  deps: BlockWriteDeps,
  actor: BlockActor,
  rows: readonly PageRow[],
  source: WriteSource,
): Promise<PageOutcome[]> {
  assertWritable(deps.version);
  const outcomes: (PageOutcome | null)[] = rows.map(() => null);
  const domains = rows.map((row, i) => {
    if (row.kind === "update") return null;
    const checked = normalizeDomain(row.domain);
    if (!checked.ok) outcomes[i] = { ok: false, code: "bad_request", message: checked.message };
    return checked.ok ? checked.domain : null;
  });
  const written = await inTransaction(deps.mastodon.db, async (client) => {
    await client.query(BLOCK_WRITE_LOCK);
    const state = await readPageBlocks(client, rows, domains);
    const decisions: Decision[] = [];
    rows.forEach((row, i) => {
      if (outcomes[i]) return;
      const decided = decide(state, row, domains[i] ?? null, i);
      if ("message" in decided) outcomes[i] = { ok: false, code: decided.code, message: decided.message };
      else decisions.push(decided);
    });
    return { decisions, rows: await writeDecisions(client, deps, actor, decisions) };
  });
  const jobs = await enqueuePageJobs(deps, written.rows);
  written.rows.forEach((w, k) => {
    outcomes[w.decision.row] = {
      ok: true,
      change: {
        kind: w.decision.op === "insert" ? "create" : w.decision.op,
        source,
        blockId: w.after.id,
        domain: w.after.domain,
        before: w.decision.op === "insert" ? null : w.decision.before,
        after: w.after,
        actionLogId: w.actionLogId,
        job: jobs[k]!,
        instances: NO_VIEW_REFRESH,
        lifted: null,
      },
    };
  });
  return outcomes.map((o) => o!);
}

/** The page's blocks as they are: every block on any of its domains or their parents, and the ones it edits by id. */
interface PageState {
  byDomain: Map<string, DomainBlockRow>;
  byId: Map<string, DomainBlockRow>;
}

async function readPageBlocks(
  client: pg.PoolClient,
  rows: readonly PageRow[],
  domains: (string | null)[],
): Promise<PageState> {
  const variants = [...new Set(domains.flatMap((d) => (d ? domainVariants(d) : [])))];
  const ids = rows.flatMap((r) => (r.kind === "update" ? [r.id] : []));
  const { rows: raw } = await client.query(
    `SELECT ${BLOCK_COLUMNS} FROM domain_blocks b WHERE b.domain = ANY($1::text[]) OR b.id = ANY($2::bigint[])
      ORDER BY b.id FOR UPDATE`,
    [variants, ids],
  );
  const blocks = raw.map(toBlockRow);
  const state: PageState = { byDomain: new Map(), byId: new Map() };
  for (const b of blocks) {
    state.byDomain.set(b.domain, b);
    state.byId.set(b.id, b);
  }
  // The update rows' domains and parents too: the guard reads them.
  const missing = [...new Set(blocks.flatMap((b) => domainVariants(b.domain)))].filter((v) => !state.byDomain.has(v));
  if (missing.length > 0) {
    const { rows: parents } = await client.query(
      `SELECT ${BLOCK_COLUMNS} FROM domain_blocks b WHERE b.domain = ANY($1::text[]) ORDER BY b.id FOR UPDATE`,
      [missing],
    );
    for (const b of parents.map(toBlockRow)) {
      state.byDomain.set(b.domain, b);
      state.byId.set(b.id, b);
    }
  }
  return state;
}

/** createBlock's or updateBlock's checks for one row, against the page's state, which it then updates. */
function decide(state: PageState, row: PageRow, domain: string | null, index: number): Decision | Refusal {
  const covering = (d: string) =>
    domainVariants(d)
      .map((v) => state.byDomain.get(v))
      .filter((b): b is DomainBlockRow => b !== undefined);
  let decision: Decision;
  if (row.kind === "create") {
    const covers = covering(domain!);
    const refused = guardMessage(covers, domain!, row.fields, true);
    if (refused) return { code: "conflict", message: refused };
    const exact = covers.find((b) => b.domain === domain) ?? null;
    decision = exact
      ? { row: index, op: "upgrade", before: exact, fields: row.fields, changed: changes(exact, row.fields) }
      : { row: index, op: "insert", domain: domain!, fields: row.fields };
  } else {
    const before = state.byId.get(row.id);
    if (!before) {
      return {
        code: "not_found",
        message: "This domain block no longer exists: another admin may have just removed it. Nothing was changed.",
      };
    }
    const refused = guardMessage(covering(before.domain), before.domain, row.fields, false);
    if (refused) return { code: "conflict", message: refused };
    decision = { row: index, op: "update", before, fields: row.fields, changed: changes(before, row.fields) };
  }
  // What later rows of the page see (the guard reads only the policy; ids and times are filled in by the write).
  const current = decision.op === "insert" ? null : decision.before;
  const next: DomainBlockRow = {
    id: current?.id ?? `page-${index}`,
    domain: current?.domain ?? domain!,
    display: current?.display ?? displayDomain(domain!),
    severity: row.fields.severity,
    rejectMedia: row.fields.rejectMedia,
    rejectReports: row.fields.rejectReports,
    obfuscate: row.fields.obfuscate,
    privateComment: row.fields.privateComment,
    publicComment: row.fields.publicComment,
    createdAt: current?.createdAt ?? "",
    updatedAt: current?.updatedAt ?? "",
  };
  state.byDomain.set(next.domain, next);
  if (current) state.byId.set(current.id, next);
  return decision;
}

/** updateFields' WHERE: a Rails save writes only when a column changes (NULL and "" differ). */
function changes(before: DomainBlockRow, f: BlockFields): boolean {
  return (
    before.severity !== f.severity ||
    before.rejectMedia !== f.rejectMedia ||
    before.rejectReports !== f.rejectReports ||
    before.obfuscate !== f.obfuscate ||
    before.privateComment !== f.privateComment ||
    before.publicComment !== f.publicComment
  );
}

interface WrittenRow {
  decision: Decision;
  after: DomainBlockRow;
  actionLogId: string;
}

/** One INSERT for the new blocks, one UPDATE for the changed ones, one INSERT for the log rows, in row order. */
async function writeDecisions(
  client: pg.PoolClient,
  deps: BlockWriteDeps,
  actor: BlockActor,
  decisions: Decision[],
): Promise<WrittenRow[]> {
  const inserts = decisions.filter((d): d is Extract<Decision, { op: "insert" }> => d.op === "insert");
  const updates = decisions.filter(
    (d): d is Extract<Decision, { op: "upgrade" | "update" }> => d.op !== "insert" && d.changed,
  );
  const after = new Map<Decision, DomainBlockRow>();
  if (inserts.length > 0) {
    const { rows } = await client
      .query(
        `INSERT INTO domain_blocks AS b (domain, severity, reject_media, reject_reports, obfuscate, private_comment,
          public_comment, created_at, updated_at)
       SELECT x.domain, x.severity, x.reject_media, x.reject_reports, x.obfuscate, x.private_comment,
              x.public_comment, t.at, t.at
         FROM ${FIELD_TABLE("domain text")} CROSS JOIN LATERAL (SELECT ${UTC_NOW} AS at, x.n AS n) t
        ORDER BY x.n
       RETURNING ${BLOCK_COLUMNS}`,
        [inserts.map((d) => d.domain), ...fieldArrays(inserts.map((d) => d.fields))],
      )
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === "23505") {
          throw new HowdahError(
            "conflict",
            "A domain of this page was blocked by someone else meanwhile; nothing was changed.",
          );
        }
        throw error;
      });
    const byDomain = new Map(rows.map((r) => [r.domain as string, toBlockRow(r)]));
    for (const d of inserts) after.set(d, byDomain.get(d.domain)!);
  }
  if (updates.length > 0) {
    const { rows } = await client.query(
      `UPDATE domain_blocks b SET severity = x.severity, reject_media = x.reject_media,
          reject_reports = x.reject_reports, obfuscate = x.obfuscate, private_comment = x.private_comment,
          public_comment = x.public_comment, updated_at = ${UTC_NOW}
         FROM ${FIELD_TABLE("id bigint")}
        WHERE b.id = x.id
       RETURNING ${BLOCK_COLUMNS}`,
      [updates.map((d) => d.before.id), ...fieldArrays(updates.map((d) => d.fields))],
    );
    const byId = new Map(rows.map((r) => [r.id as string, toBlockRow(r)]));
    for (const d of updates) after.set(d, byId.get(d.before.id)!);
  }
  for (const d of decisions) if (!after.has(d) && d.op !== "insert") after.set(d, d.before);
  const entries: ActionLogEntry[] = decisions.map((d) => {
    const row = after.get(d)!;
    return {
      accountId: actor.accountId,
      action: d.op === "update" ? "update" : "create",
      target: { type: "DomainBlock", id: row.id, domain: row.domain },
    };
  });
  const logIds = await writeActionLogs(client, deps.version, entries);
  return decisions.map((d, k) => ({ decision: d, after: after.get(d)!, actionLogId: logIds[k]! }));
}

// unnest of the key column ($1) and the six field columns ($2–$7), numbered in row order.
const FIELD_TABLE = (key: string) =>
  `unnest($1::${key.split(" ")[1]}[], $2::int[], $3::boolean[], $4::boolean[], $5::boolean[], $6::text[], $7::text[])
     WITH ORDINALITY AS x(${key.split(" ")[0]}, severity, reject_media, reject_reports, obfuscate, private_comment,
                          public_comment, n)`;

function fieldArrays(fields: BlockFields[]): unknown[][] {
  const values = fields.map(blockFieldValues);
  return [0, 1, 2, 3, 4, 5].map((k) => values.map((v) => v[k]));
}

/** After COMMIT: DomainBlockWorker [id] for a create or upgrade, [id, severity changed] for an edit. */
async function enqueuePageJobs(deps: BlockWriteDeps, written: WrittenRow[]) {
  const args = written.map(({ decision, after }) =>
    decision.op === "update" ? [Number(after.id), decision.before.severity !== after.severity] : [Number(after.id)],
  );
  try {
    const jobs = await enqueueJobs(
      deps.mastodon.sidekiqRedis,
      sidekiqKeys(deps.mastodon.keyPrefix),
      deps.version.sidekiqFormat,
      args.map((a) => ({ ...DOMAIN_BLOCK_WORKER, args: a })),
    );
    return jobs.map((job, k) => ({ className: job.className, queue: job.queue, args: args[k]!, jid: job.jid }));
  } catch (error) {
    throw new HowdahError(
      "unavailable",
      `${written.length} block(s) of this page are saved in Mastodon's database, but Howdah could not hand ` +
        `DomainBlockWorker to Sidekiq (${describeServiceFailure(error)}), so their existing accounts are not yet ` +
        "silenced or suspended. Resume the batch once Sidekiq's Redis answers: the page is written again, which " +
        "changes nothing and queues the jobs.",
      { partial: true },
    );
  }
}
