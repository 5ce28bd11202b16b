import "server-only";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";

/**
 * Mastodon hides its Relays page in limited federation mode
 * (config/navigation.rb: `if: -> { !limited_federation_mode? && … }`): such a
 * server only talks to the servers it allows, and a relay would bring posts
 * from everywhere. Howdah hides the page, its API and its overview tile too.
 */
export const LIMITED_FEDERATION_EXPLANATION =
  "This server runs in limited federation mode (LIMITED_FEDERATION_MODE), where it only federates with servers " +
  "it explicitly allows. Mastodon hides its Relays page in that mode, because a relay brings in posts from " +
  "everywhere, and Howdah does the same.";

export function relaysAvailable(context: ServerContext): boolean {
  return !context.config.mastodon.limitedFederationMode;
}

export function assertRelaysAvailable(context: ServerContext): void {
  if (!relaysAvailable(context)) throw new HowdahError("not_found", LIMITED_FEDERATION_EXPLANATION);
}
