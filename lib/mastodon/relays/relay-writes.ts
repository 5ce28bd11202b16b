import "server-only";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";
import type { MastodonConnections } from "@/lib/mastodon/connections";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { mastodonLogs } from "@/lib/mastodon/action-log/logged-actions";
import { UTC_NOW } from "@/lib/mastodon/action-log/utc-now";
import { writeActionLog } from "@/lib/mastodon/action-log/write-action-log";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { enqueueJob } from "@/lib/mastodon/sidekiq-client/enqueue";
import { DELIVERY_WORKER } from "@/lib/mastodon/sidekiq-client/workers";
import { assertWritable, type MastodonRelease, type MastodonVersion } from "@/lib/mastodon/version";
import { inTransaction } from "@/lib/pg/in-transaction";
import { followActivity, undoFollowActivity, type BuiltActivity } from "./activities";
import { clearDeliveryFailures, deleteUnavailableDomain } from "./delivery-health";
import { comparableInboxUrl, parseInboxUrl, trackerHost } from "./inbox-url";
import { lockRelayRow, RELAY_COLUMNS, toRelayRow, type RelayRow } from "./relay-rows";

/**
 * Adding, enabling, disabling and removing a relay, as Mastodon's
 * Admin::RelaysController and Relay model do them (v4.3.23 / v4.6.5):
 *
 * - create: save the row (idle), log `create`, then enable! (no `enable` log);
 * - enable!: state pending + a new follow_activity_id, reset the host's
 *   DeliveryFailureTracker, then ActivityPub::DeliveryWorker
 *   [Follow JSON, instance actor id, inbox_url] on the push queue; the
 *   controller logs `enable`;
 * - disable!: the same with Undo{Follow} (carrying the old follow id),
 *   state idle and follow_activity_id NULL; the controller logs `disable`;
 * - destroy: `before_destroy` runs disable! only when the relay is enabled
 *   (accepted), then the row goes; the controller logs `destroy`.
 *
 * Howdah runs the row changes, the unavailable_domains row of the reset and
 * the admin_action_logs rows in one transaction on the primary, with the
 * relay row locked (FOR UPDATE), so two admins acting at once cannot both
 * send a Follow, and acting on a relay removed meanwhile changes nothing.
 * Only after COMMIT: the tracker's Redis keys, then the Sidekiq job. The
 * reset comes before the job, as in enable!: DeliveryWorker drops a job for a
 * host that is still listed as unavailable.
 */
import type { RelayLogAction } from "./relay-log";
import { isMastodonId } from "@/lib/shared/mastodon-id";

export type { RelayLogAction };

/**
 * Mastodon logs relay actions from 4.4 (PR #32819, "Add audit logging to
 * Relays"): at v4.3.23 Admin::RelaysController has no log_action, Relay no
 * to_log_human_identifier and the audit page no wording for them. So on 4.3
 * Howdah writes no admin_action_logs row, exactly like Mastodon, and keeps
 * the record in its own audit log only.
 */
export function mastodonLogsRelayActions(release: MastodonRelease | null): boolean {
  return mastodonLogs(release, "Relay", "create");
}

/** The controller's `log_action <action>, @relay` (4.4+), or nothing on 4.3. */
async function logRelayAction(
  client: pg.PoolClient,
  version: MastodonVersion,
  entry: { accountId: string; action: RelayLogAction; relayId: string; inboxUrl: string },
): Promise<string | null> {
  if (!mastodonLogsRelayActions(version.release)) return null;
  return writeActionLog(client, version, {
    accountId: entry.accountId,
    action: entry.action,
    target: { type: "Relay", id: entry.relayId, inboxUrl: entry.inboxUrl },
  });
}

export interface RelayWriteDeps {
  mastodon: MastodonConnections;
  version: MastodonVersion;
  /** WEB_DOMAIN (defaults to LOCAL_DOMAIN): Mastodon builds every URI with it. */
  webDomain: string;
  localDomain: string;
  /** REDIS_NAMESPACE (4.3), which also renames the Rails cache namespace. */
  redisNamespace: string | null;
}

export interface RelayWriteResult {
  action: RelayLogAction;
  before: RelayRow | null;
  /** The row afterwards; null once removed. */
  relay: RelayRow | null;
  deliveries: { type: "Follow" | "Undo"; activityId: string; jid: string }[];
  actionLogIds: string[];
  /** The host whose delivery failure tracker was reset, if any. */
  trackerReset: { host: string; unavailableDomainRemoved: boolean } | null;
}

const INSTANCE_ACTOR_ID = -99;

interface Pending {
  before: RelayRow | null;
  relay: RelayRow | null;
  deliveries: BuiltActivity[];
  inboxUrl: string;
  reset: { host: string; unavailableDomainRemoved: boolean } | null;
  actionLogIds: string[];
}

export async function createRelay(
  deps: RelayWriteDeps,
  actor: { accountId: string },
  inboxUrlInput: string,
): Promise<RelayWriteResult> {
  const parsed = parseInboxUrl(inboxUrlInput, [deps.localDomain, deps.webDomain]);
  assertWritable(deps.version);
  await assertInstanceActor(deps.mastodon.db);
  const pending = await inTransaction(deps.mastodon.db, async (client) => {
    // Mastodon's uniqueness is a model validation only (no index): Howdah
    // serialises its own adds so two admins cannot add the same relay at once.
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('howdah:relays:create', 0))");
    const { rows } = await client.query<{ id: string; inbox_url: string }>(
      "SELECT id::text AS id, inbox_url FROM relays",
    );
    const duplicate = rows.find((r) => comparableInboxUrl(r.inbox_url) === parsed.url);
    if (duplicate)
      throw new HowdahError(
        "conflict",
        `That relay is already in the list (${duplicate.inbox_url}); nothing was added.`,
      );
    const inserted = await client.query(
      `INSERT INTO relays (inbox_url, state, follow_activity_id, created_at, updated_at)
       SELECT $1, 0, NULL, t.at, t.at FROM (SELECT ${UTC_NOW} AS at) t RETURNING ${RELAY_COLUMNS}`,
      [parsed.url],
    );
    const created = toRelayRow(inserted.rows[0]);
    const logId = await logRelayAction(client, deps.version, {
      accountId: actor.accountId,
      action: "create",
      relayId: created.id,
      inboxUrl: created.inboxUrl,
    });
    const enabled = await enableSteps(client, deps, created);
    return { ...enabled, before: null, actionLogIds: logId ? [logId] : [] };
  });
  return finish(deps, "create", pending);
}

export async function enableRelay(
  deps: RelayWriteDeps,
  actor: { accountId: string },
  relayId: string,
): Promise<RelayWriteResult> {
  assertWritable(deps.version);
  await assertInstanceActor(deps.mastodon.db);
  const pending = await onLockedRelay(deps, relayId, async (client, relay) => {
    if (relay.state === "accepted")
      throw new HowdahError("conflict", `${relay.inboxUrl} is already enabled; nothing was changed.`);
    if (relay.state === "pending") {
      throw new HowdahError(
        "conflict",
        `A Follow was already sent to ${relay.inboxUrl} and Mastodon is waiting for the relay's answer; ` +
          "nothing was sent again.",
      );
    }
    return withLog(client, deps, actor, "enable", await enableSteps(client, deps, relay));
  });
  return finish(deps, "enable", pending);
}

export async function disableRelay(
  deps: RelayWriteDeps,
  actor: { accountId: string },
  relayId: string,
): Promise<RelayWriteResult> {
  assertWritable(deps.version);
  await assertInstanceActor(deps.mastodon.db);
  const pending = await onLockedRelay(deps, relayId, async (client, relay) => {
    if (relay.state === "idle" || relay.state === "rejected")
      throw new HowdahError("conflict", `${relay.inboxUrl} is not enabled; nothing was changed.`);
    return withLog(client, deps, actor, "disable", await disableSteps(client, deps, relay));
  });
  return finish(deps, "disable", pending);
}

export async function destroyRelay(
  deps: RelayWriteDeps,
  actor: { accountId: string },
  relayId: string,
): Promise<RelayWriteResult> {
  assertWritable(deps.version);
  const pending = await onLockedRelay(deps, relayId, async (client, relay) => {
    let steps: Omit<Pending, "actionLogIds"> = {
      before: relay,
      relay,
      deliveries: [],
      inboxUrl: relay.inboxUrl,
      reset: null,
    };
    // Relay#ensure_disabled: `disable! if enabled?`, and enabled? is accepted? only.
    if (relay.state === "accepted") {
      await assertInstanceActor(client);
      steps = await disableSteps(client, deps, relay);
    }
    await client.query("DELETE FROM relays WHERE id = $1", [relay.id]);
    return withLog(client, deps, actor, "destroy", { ...steps, before: relay, relay: null });
  });
  return finish(deps, "destroy", pending);
}

/** The controller's log_action after the model's work (4.4+; nothing on 4.3). */
async function withLog(
  client: pg.PoolClient,
  deps: RelayWriteDeps,
  actor: { accountId: string },
  action: RelayLogAction,
  steps: Omit<Pending, "actionLogIds">,
): Promise<Pending> {
  const relay = steps.before!;
  const logId = await logRelayAction(client, deps.version, {
    accountId: actor.accountId,
    action,
    relayId: relay.id,
    inboxUrl: relay.inboxUrl,
  });
  return { ...steps, actionLogIds: logId ? [logId] : [] };
}

async function enableSteps(
  client: pg.PoolClient,
  deps: RelayWriteDeps,
  relay: RelayRow,
): Promise<Omit<Pending, "actionLogIds">> {
  const follow = followActivity(deps.webDomain);
  const { rows } = await client.query(
    `UPDATE relays SET state = 1, follow_activity_id = $2, updated_at = ${UTC_NOW}
     WHERE id = $1 RETURNING ${RELAY_COLUMNS}`,
    [relay.id, follow.id],
  );
  return {
    before: relay,
    relay: toRelayRow(rows[0]),
    deliveries: [follow],
    inboxUrl: relay.inboxUrl,
    reset: await resetTracker(client, relay.inboxUrl),
  };
}

async function disableSteps(
  client: pg.PoolClient,
  deps: RelayWriteDeps,
  relay: RelayRow,
): Promise<Omit<Pending, "actionLogIds">> {
  // Built before the update, as disable! does, so the Undo names the Follow it undoes.
  const undo = undoFollowActivity(deps.webDomain, relay.followActivityId);
  const { rows } = await client.query(
    `UPDATE relays SET state = 0, follow_activity_id = NULL, updated_at = ${UTC_NOW}
     WHERE id = $1 RETURNING ${RELAY_COLUMNS}`,
    [relay.id],
  );
  return {
    before: relay,
    relay: toRelayRow(rows[0]),
    deliveries: [undo],
    inboxUrl: relay.inboxUrl,
    reset: await resetTracker(client, relay.inboxUrl),
  };
}

async function resetTracker(client: pg.PoolClient, inboxUrl: string): Promise<Pending["reset"]> {
  const host = trackerHost(inboxUrl);
  if (!host) return null;
  return { host, unavailableDomainRemoved: await deleteUnavailableDomain(client, host) };
}

async function onLockedRelay(
  deps: RelayWriteDeps,
  relayId: string,
  work: (client: pg.PoolClient, relay: RelayRow) => Promise<Pending>,
): Promise<Pending> {
  if (!isMastodonId(relayId)) {
    throw new HowdahError("bad_request", "A relay id is a whole number from 1 to 9223372036854775807.");
  }
  return inTransaction(deps.mastodon.db, async (client) => {
    const relay = await lockRelayRow(client, relayId);
    if (!relay) {
      throw new HowdahError(
        "not_found",
        "This relay no longer exists: another admin may have just removed it. Nothing was changed; " +
          "the list now shows the current relays.",
      );
    }
    return work(client, relay);
  });
}

async function assertInstanceActor(db: pg.Pool | pg.PoolClient): Promise<void> {
  const { rowCount } = await db.query("SELECT 1 FROM accounts WHERE id = $1", [INSTANCE_ACTOR_ID]);
  if (!rowCount) {
    throw new HowdahError(
      "conflict",
      "Mastodon's instance actor (account -99) does not exist yet, and relay activities are sent as that actor. Mastodon creates it the first time it federates; open https://<your domain>/actor once, then try again.",
    );
  }
}

/** After COMMIT: the tracker's Redis keys, then the Sidekiq job(s). */
async function finish(deps: RelayWriteDeps, action: RelayLogAction, pending: Pending): Promise<RelayWriteResult> {
  const { mastodon, version } = deps;
  const done: RelayWriteResult["deliveries"] = [];
  let step = "reset the delivery failure tracker";
  try {
    if (pending.reset) {
      await clearDeliveryFailures(mastodon.redis, mastodon.cacheRedis, {
        keyPrefix: mastodon.keyPrefix,
        redisNamespace: deps.redisNamespace,
        host: pending.reset.host,
        unavailableRowRemoved: pending.reset.unavailableDomainRemoved,
      });
    }
    step = "hand the activity to Sidekiq";
    const keys = sidekiqKeys(mastodon.keyPrefix);
    for (const activity of pending.deliveries) {
      const job = await enqueueJob(mastodon.sidekiqRedis, keys, version.sidekiqFormat, {
        ...DELIVERY_WORKER,
        args: [activity.json, INSTANCE_ACTOR_ID, pending.inboxUrl],
      });
      done.push({ type: activity.type, activityId: activity.id, jid: job.jid });
    }
  } catch (error) {
    const saved = pending.relay
      ? `The relay is now ${pending.relay.state === "pending" ? "waiting for approval" : pending.relay.state}`
      : "The relay was removed";
    const what = pending.deliveries.map((d) => d.type).join(" and ") || "nothing";
    const advice =
      action === "destroy"
        ? "The relay may keep delivering to this server until it drops the subscription on its own."
        : "Disable and enable the relay again once Redis answers.";
    throw new HowdahError(
      "unavailable",
      `${saved} in Mastodon's database, but Howdah could not ${step} (${describeServiceFailure(error)}), ` +
        `so the ${what} was not sent. ${advice}`,
      { partial: true, action, relayId: pending.before?.id ?? pending.relay?.id },
    );
  }
  return {
    action,
    before: pending.before,
    relay: pending.relay,
    deliveries: done,
    actionLogIds: pending.actionLogIds,
    trackerReset: pending.reset,
  };
}
