import "server-only";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";
import type { MastodonConnections } from "@/lib/mastodon/connections";
import { assertWritable, type MastodonVersion } from "@/lib/mastodon/version";
import { inTransaction } from "@/lib/pg/in-transaction";
import { readActionState, tokenDigest, tokenSinceMicros, type ReportActionState } from "./action-state";
import { describeChangesSince } from "./changes-since";

export interface ReportWriteDeps {
  mastodon: MastodonConnections;
  version: MastodonVersion;
}

/** The staff member acting, as Mastodon's current_account. */
export interface ReportActor {
  accountId: string;
}

/**
 * One report write: a transaction that locks the target account, its user
 * and the report (FOR UPDATE, in that order), re-reads their state and
 * compares it with the token the moderator's page was built from. When
 * they differ, someone acted meanwhile: the transaction is rolled back and
 * the 409 says who did what. Two racing requests with the same token thus
 * run one after the other, and the second finds the state changed: one
 * strike, one set of jobs.
 */
export async function lockedReportWrite<T>(
  deps: ReportWriteDeps,
  actor: ReportActor,
  reportId: string,
  token: string,
  work: (client: pg.PoolClient, state: ReportActionState) => Promise<T>,
): Promise<{ result: T; state: ReportActionState }> {
  assertWritable(deps.version);
  let stale: string | null = null;
  const out = await inTransaction(deps.mastodon.db, async (client) => {
    const state = await readActionState(client, reportId, actor.accountId, { lock: true });
    if (tokenDigest(state.token) !== tokenDigest(token)) {
      stale = await describeChangesSince(client, state, tokenSinceMicros(token));
      return null;
    }
    return { result: await work(client, state), state };
  });
  if (out === null) throw new HowdahError("conflict", stale ?? "The report changed. Nothing was changed.");
  return out;
}
