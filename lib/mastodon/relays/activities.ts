import "server-only";
import { randomUUID } from "node:crypto";

/**
 * The Follow and Undo{Follow} activities Relay#enable! and #disable! hand to
 * ActivityPub::DeliveryWorker (app/models/relay.rb at v4.3.23 and v4.6.5):
 *
 * - id: `ActivityPub::TagManager#generate_uri_for(nil)`, which is
 *   `URI.join(root_url, 'payloads', SecureRandom.uuid)`. URI.join resolves
 *   each part against the previous one, so "payloads" is replaced by the
 *   uuid: the id is `https://<WEB_DOMAIN>/<uuid>`. root_url and every route
 *   use WEB_DOMAIN (config/initializers/1_hosts.rb; it defaults to
 *   LOCAL_DOMAIN) and https in production.
 * - actor: `uri_for(Account.representative)`, the instance actor (account
 *   -99), whose URI is `instance_actor_url`: `https://<WEB_DOMAIN>/actor`.
 * - object: `ActivityPub::TagManager::COLLECTIONS[:public]`.
 * - "@context": `ActivityPub::TagManager::CONTEXT`.
 * - Keys in that order: @context, id, type, actor, object; the Undo's object
 *   is the original Follow without a context, its id the relay's
 *   follow_activity_id (null if it had none). Serialised by Oj.dump in
 *   compat mode (4.3–4.5) or ActiveSupport's to_json (4.6): for these
 *   strings (URLs with no <, > or &) both print exactly what JSON.stringify
 *   prints.
 */
export const ACTIVITYSTREAMS_CONTEXT = "https://www.w3.org/ns/activitystreams";
export const PUBLIC_COLLECTION = "https://www.w3.org/ns/activitystreams#Public";

export function instanceActorUri(webDomain: string): string {
  return `https://${webDomain}/actor`;
}

export function generateActivityUri(webDomain: string, uuid: string = randomUUID()): string {
  return `https://${webDomain}/${uuid}`;
}

export interface BuiltActivity {
  id: string;
  type: "Follow" | "Undo";
  json: string;
}

export function followActivity(webDomain: string, id: string = generateActivityUri(webDomain)): BuiltActivity {
  const json = JSON.stringify({
    "@context": ACTIVITYSTREAMS_CONTEXT,
    id,
    type: "Follow",
    actor: instanceActorUri(webDomain),
    object: PUBLIC_COLLECTION,
  });
  return { id, type: "Follow", json };
}

export function undoFollowActivity(
  webDomain: string,
  followActivityId: string | null,
  id: string = generateActivityUri(webDomain),
): BuiltActivity {
  const actor = instanceActorUri(webDomain);
  const json = JSON.stringify({
    "@context": ACTIVITYSTREAMS_CONTEXT,
    id,
    type: "Undo",
    actor,
    object: { id: followActivityId, type: "Follow", actor, object: PUBLIC_COLLECTION },
  });
  return { id, type: "Undo", json };
}
