import "server-only";
import type pg from "pg";
import type { MastodonVersion } from "@/lib/mastodon/version";
import { LOGGED_ACTIONS, mastodonLogs, type LoggedAction, type LoggedTargetType } from "./logged-actions";
import { UTC_NOW } from "./utc-now";

/**
 * One `admin_action_logs` row, as `log_action(action, target)`
 * (app/controllers/concerns/accountable_concern.rb → Admin::ActionLog,
 * app/models/admin/action_log.rb, same at v4.3.23 and v4.6.5) inserts it:
 * account_id = the acting staff account, action, target_type = the model's
 * class name, target_id, and three columns filled by before_validation from
 * the target's `to_log_human_identifier` / `to_log_route_param` /
 * `to_log_permalink` when it defines them (NULL otherwise), created_at =
 * updated_at = now in UTC.
 *
 * What each model defines (app/models/*.rb at both tags):
 * | target | human_identifier | route_param | permalink |
 * | DomainBlock, DomainAllow, UnavailableDomain, EmailDomainBlock | domain | – | – |
 * | Instance | domain (`alias to_log_human_identifier to_param`) | – | – |
 * | Report | id, as text | – | – |
 * | Account | acct | – | – |
 * | User | account.acct | account_id | – |
 * | AccountWarning | target_account.acct | – | – |
 * | Appeal | account.acct | account_warning_id | – |
 * | Status | account.acct (author) | – | ActivityPub::TagManager#uri_for |
 * | CanonicalEmailBlock | canonical_email_hash | – | – |
 * | Relay | inbox_url (4.4+; 4.3 logs no relay action) | – | – |
 *
 * Where the values come from: the writer reads them from the target's rows
 * itself, inside the caller's transaction, so it computes them the one way
 * Mastodon's models do and a flow only passes ids. A value the caller passes
 * is used as given: that is for targets the flow has just deleted (Mastodon
 * logs `destroy` with the in-memory record, e.g. a removed domain block still
 * logs its domain) and saves a read when the flow holds the row anyway. A
 * target that is neither readable nor described is refused rather than
 * logged with NULLs Mastodon would never write.
 */
type Id = string | number | bigint;

type DomainTargetType = "DomainBlock" | "DomainAllow" | "UnavailableDomain" | "EmailDomainBlock";
/** One union member per type, so that Extract<ActionLogTarget, { type: T }> finds it. */
type DomainTarget = { [T in DomainTargetType]: { type: T; id: Id; domain?: string } }[DomainTargetType];

export type ActionLogTarget =
  | DomainTarget
  /** Instance's primary key is the domain (a view row); there is no numeric id. */
  | { type: "Instance"; domain: string }
  | { type: "Report"; id: Id }
  | { type: "Account"; id: Id; acct?: string }
  | { type: "User"; id: Id; accountId?: Id; acct?: string }
  /** acct: the warned (target) account's. */
  | { type: "AccountWarning"; id: Id; acct?: string }
  /** acct: the appealing account's. */
  | { type: "Appeal"; id: Id; acct?: string; accountWarningId?: Id }
  /**
   * webDomain: WEB_DOMAIN, else LOCAL_DOMAIN: Mastodon's URL helpers use
   * ActionMailer's default_url_options host, which is web_host
   * (config/initializers/1_hosts.rb), always https in production.
   */
  | { type: "Status"; id: Id; webDomain: string; acct?: string; permalink?: string }
  | { type: "CanonicalEmailBlock"; id: Id; canonicalEmailHash?: string }
  | { type: "Relay"; id: Id; inboxUrl?: string };

type TargetOf<T extends LoggedTargetType> = Extract<ActionLogTarget, { type: T }>;

/** A log entry whose action must be one Mastodon logs on that target type: a wrong pair does not compile. */
export type ActionLogEntry = {
  [T in LoggedTargetType]: {
    /** The acting staff account. NOT NULL from 4.4; 4.3's column is nullable. */
    accountId: Id | null;
    action: LoggedAction<T>;
    target: TargetOf<T>;
  };
}[LoggedTargetType];

export interface DerivedColumns {
  targetId: string | null;
  humanIdentifier: string | null;
  routeParam: string | null;
  permalink: string | null;
}

type Queryable = Pick<pg.ClientBase, "query">;

/** Writes the row inside `tx` (the caller's transaction) and returns its id. */
export async function writeActionLog(tx: Queryable, version: MastodonVersion, entry: ActionLogEntry): Promise<string> {
  checkEntry(version, entry);
  const type = entry.target.type;
  const accountId = entry.accountId === null ? null : toId(entry.accountId);
  const columns = await deriveColumns(tx, entry.target);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO admin_action_logs
       (account_id, action, target_type, target_id, human_identifier, route_param, permalink, created_at, updated_at)
     SELECT $1, $2, $3, $4, $5, $6, $7, t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t
     RETURNING id::text AS id`,
    [accountId, entry.action, type, columns.targetId, columns.humanIdentifier, columns.routeParam, columns.permalink],
  );
  return rows[0]!.id;
}

/**
 * Several rows in one INSERT, for a batch: each entry is checked and its
 * columns derived exactly as writeActionLog does, then the rows are inserted
 * in the given order (ids ascending, each with its own clock_timestamp, as
 * that many single inserts would leave them). Returns the ids in that order.
 */
export async function writeActionLogs(
  tx: Queryable,
  version: MastodonVersion,
  entries: readonly ActionLogEntry[],
): Promise<string[]> {
  if (entries.length === 0) return [];
  const columns: { accountId: string | null; action: string; type: string; derived: DerivedColumns }[] = [];
  for (const entry of entries) {
    checkEntry(version, entry);
    const accountId = entry.accountId === null ? null : toId(entry.accountId);
    columns.push({
      accountId,
      action: entry.action,
      type: entry.target.type,
      derived: await deriveColumns(tx, entry.target),
    });
  }
  const pick = <T>(f: (c: (typeof columns)[number]) => T) => columns.map(f);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO admin_action_logs
       (account_id, action, target_type, target_id, human_identifier, route_param, permalink, created_at, updated_at)
     SELECT x.account_id, x.action, x.target_type, x.target_id, x.human_identifier, x.route_param, x.permalink,
            t.at, t.at
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])
              WITH ORDINALITY
              AS x(account_id, action, target_type, target_id, human_identifier, route_param, permalink, n)
       CROSS JOIN LATERAL (SELECT ${UTC_NOW} AS at, x.n AS n) t
      ORDER BY x.n
     RETURNING id::text AS id`,
    [
      pick((c) => c.accountId),
      pick((c) => c.action),
      pick((c) => c.type),
      pick((c) => c.derived.targetId),
      pick((c) => c.derived.humanIdentifier),
      pick((c) => c.derived.routeParam),
      pick((c) => c.derived.permalink),
    ],
  );
  // RETURNING follows the insert order, which follows ORDER BY x.n; the ids come from one sequence, ascending.
  return rows.map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/** Refuses an entry Mastodon would never write: an unlogged pair, or no actor where the column is NOT NULL. */
function checkEntry(version: MastodonVersion, entry: ActionLogEntry): void {
  const { release } = version;
  const type = entry.target.type;
  if (!Object.hasOwn(LOGGED_ACTIONS, type)) throw new Error(`Howdah does not log actions on ${type}.`);
  if (!mastodonLogs(release, type, entry.action)) {
    throw new Error(
      `Mastodon ${release ?? "(unknown version)"} has no audit-log entry for ${entry.action} on ${type}; ` +
        "nothing was logged.",
    );
  }
  if (entry.accountId === null && release !== "4.3") {
    throw new Error(`admin_action_logs.account_id is NOT NULL on Mastodon ${release}: the acting account is needed.`);
  }
}

/** target_id and the three to_log_* columns, as Admin::ActionLog's callbacks set them. */
export async function deriveColumns(tx: Queryable, target: ActionLogTarget): Promise<DerivedColumns> {
  const none = { routeParam: null, permalink: null };
  switch (target.type) {
    case "DomainBlock":
    case "DomainAllow":
    case "UnavailableDomain":
    case "EmailDomainBlock": {
      const id = toId(target.id);
      const domain = target.domain ?? col(await readOne(tx, DOMAIN_SQL[target.type], id, target.type), "domain");
      return { targetId: id, humanIdentifier: domain, ...none };
    }
    case "Instance":
      return { targetId: instanceTargetId(target.domain), humanIdentifier: target.domain, ...none };
    case "Report": {
      const id = toId(target.id);
      return { targetId: id, humanIdentifier: id, ...none };
    }
    case "Account": {
      const id = toId(target.id);
      const acct = target.acct ?? acctOf(await readOne(tx, ACCOUNT_SQL, id, "Account"));
      return { targetId: id, humanIdentifier: acct, ...none };
    }
    case "User": {
      const id = toId(target.id);
      if (target.acct !== undefined && target.accountId !== undefined) {
        return { targetId: id, humanIdentifier: target.acct, routeParam: toId(target.accountId), permalink: null };
      }
      const row = await readOne(tx, USER_SQL, id, "User");
      return { targetId: id, humanIdentifier: acctOf(row), routeParam: col(row, "owner_id"), permalink: null };
    }
    case "AccountWarning": {
      const id = toId(target.id);
      const acct = target.acct ?? acctOf(await readOne(tx, ACCOUNT_WARNING_SQL, id, "AccountWarning"));
      return { targetId: id, humanIdentifier: acct, ...none };
    }
    case "Appeal": {
      const id = toId(target.id);
      if (target.acct !== undefined && target.accountWarningId !== undefined) {
        const routeParam = toId(target.accountWarningId);
        return { targetId: id, humanIdentifier: target.acct, routeParam, permalink: null };
      }
      const row = await readOne(tx, APPEAL_SQL, id, "Appeal");
      return {
        targetId: id,
        humanIdentifier: acctOf(row),
        routeParam: col(row, "account_warning_id"),
        permalink: null,
      };
    }
    case "Status": {
      const id = toId(target.id);
      if (target.acct !== undefined && target.permalink !== undefined) {
        return { targetId: id, humanIdentifier: target.acct, routeParam: null, permalink: target.permalink };
      }
      const row = await readOne(tx, STATUS_SQL, id, "Status");
      return {
        targetId: id,
        humanIdentifier: acctOf(row),
        routeParam: null,
        permalink: statusUri(
          {
            id,
            uri: col(row, "uri"),
            local: col(row, "local"),
            reblog_of_id: col(row, "reblog_of_id"),
            account_id: col(row, "account_id"),
            username: col(row, "username"),
            id_scheme: col(row, "id_scheme"),
          },
          target.webDomain,
        ),
      };
    }
    case "CanonicalEmailBlock": {
      const id = toId(target.id);
      const hash =
        target.canonicalEmailHash ?? col(await readOne(tx, CANONICAL_SQL, id, target.type), "canonical_email_hash");
      return { targetId: id, humanIdentifier: hash, ...none };
    }
    case "Relay": {
      const id = toId(target.id);
      const inboxUrl = target.inboxUrl ?? col(await readOne(tx, RELAY_SQL, id, target.type), "inbox_url");
      return { targetId: id, humanIdentifier: inboxUrl, ...none };
    }
  }
}

// ---------------------------------------------------------------------------
// Reading the targets

type Row = Record<string, string | null>;

const col = (row: Row, name: string): string | null => row[name] ?? null;

const DOMAIN_SQL = {
  DomainBlock: "SELECT domain FROM domain_blocks WHERE id = $1",
  DomainAllow: "SELECT domain FROM domain_allows WHERE id = $1",
  UnavailableDomain: "SELECT domain FROM unavailable_domains WHERE id = $1",
  EmailDomainBlock: "SELECT domain FROM email_domain_blocks WHERE id = $1",
} as const;
const ACCOUNT_SQL = "SELECT username, domain FROM accounts WHERE id = $1";
const USER_SQL = `SELECT u.account_id::text AS owner_id, a.username, a.domain
  FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.id = $1`;
const ACCOUNT_WARNING_SQL = `SELECT a.username, a.domain
  FROM account_warnings w JOIN accounts a ON a.id = w.target_account_id WHERE w.id = $1`;
const APPEAL_SQL = `SELECT p.account_warning_id::text AS account_warning_id, a.username, a.domain
  FROM appeals p JOIN accounts a ON a.id = p.account_id WHERE p.id = $1`;
// accounts.id_scheme exists from 4.5 (20250924170259); to_jsonb reads it where it exists and gives NULL before.
const STATUS_SQL = `SELECT s.uri, s.local::text AS local, s.reblog_of_id::text AS reblog_of_id,
    a.id::text AS account_id, a.username, a.domain, to_jsonb(a) ->> 'id_scheme' AS id_scheme
  FROM statuses s JOIN accounts a ON a.id = s.account_id WHERE s.id = $1`;
const CANONICAL_SQL = "SELECT canonical_email_hash FROM canonical_email_blocks WHERE id = $1";
const RELAY_SQL = "SELECT inbox_url FROM relays WHERE id = $1";

async function readOne(tx: Queryable, sql: string, id: string, what: string): Promise<Row> {
  const { rows } = await tx.query<Row>(sql, [id]);
  if (!rows[0]) {
    throw new Error(
      `${what} #${id} is not in the database, so its audit-log identifier cannot be read: ` +
        "log before deleting it, or pass the values the flow just read.",
    );
  }
  return rows[0];
}

/** Account#acct: `username` for a local account (domain NULL), else `username@domain`. */
export function acctOf(row: { username?: string | null; domain?: string | null }): string {
  if (!row.username) throw new Error("the account has no username");
  return row.domain === null || row.domain === undefined ? row.username : `${row.username}@${row.domain}`;
}

/**
 * ActivityPub::TagManager#uri_for(status): a remote status's `uri`
 * (`return target.uri unless target.local?`, Status#local? being
 * `attributes['local'] || uri.nil?`); for a local one the route:
 * - 4.3 / 4.4: account_status_url → https://WEB_DOMAIN/users/<username>/statuses/<id>,
 *   and activity_account_status_url (…/activity) for a reblog;
 * - 4.5+: the same unless the author's `id_scheme` is numeric_ap_id (1, the
 *   default for accounts created from 4.5), then
 *   ap_account_status_url → https://WEB_DOMAIN/ap/users/<account_id>/statuses/<id> (…/activity for a reblog).
 */
export function statusUri(
  status: {
    id: string;
    uri: string | null;
    local: string | null;
    reblog_of_id: string | null;
    account_id: string | null;
    username: string | null;
    id_scheme: string | null;
  },
  webDomain: string,
): string | null {
  const local = status.local === "true" || status.uri === null;
  if (!local) return status.uri;
  const base = `https://${webDomain}`;
  const account =
    status.id_scheme === "1" ? `ap/users/${status.account_id}` : `users/${encodeURIComponent(status.username ?? "")}`;
  const path = `${base}/${account}/statuses/${status.id}`;
  return status.reblog_of_id === null ? path : `${path}/activity`;
}

/**
 * target_id for an Instance: the polymorphic writer assigns the record's
 * primary key, the domain, to the bigint column, and ActiveModel's Integer
 * type casts it with String#to_i (activemodel/lib/active_model/type/integer.rb
 * and helpers/numeric.rb at rails v7.1.6 and v8.1.3): 0 for "example.com",
 * the leading digits for "123host.example". Read, not run.
 */
export function instanceTargetId(domain: string): string {
  const m = /^\s*([+-]?\d+(?:_\d+)*)/.exec(domain);
  const digits = m ? m[1]!.replace(/_/g, "") : "0";
  const value = BigInt(digits);
  if (value > 9223372036854775807n || value < -9223372036854775808n) {
    throw new Error(`Mastodon cannot log ${domain}: its leading digits overflow target_id`);
  }
  return value.toString();
}

function toId(id: Id): string {
  const s = String(id);
  if (!/^-?\d{1,19}$/.test(s)) throw new Error(`not a Mastodon id: ${s}`);
  return s;
}
