import "server-only";
import { HowdahError } from "@/lib/errors";

/**
 * A relay's inbox URL as an admin types it, checked and normalised before
 * anything is written.
 *
 * Mastodon's own form (Relay model: `normalizes :inbox_url, with: strip`,
 * URLValidator) accepts http and https with a host. Howdah is stricter, on
 * purpose: a relay receives this server's public posts and sends it signed
 * traffic, so only https is allowed, and credentials in a URL (which would
 * sit in plain text in the relays table and in every delivery job) are
 * refused. The stored form is the URL with its scheme and host lower-cased,
 * an IDN host in punycode and a default port dropped, so the same relay typed
 * twice in different case is recognised as a duplicate.
 */
export interface InboxUrl {
  /** What is stored in relays.inbox_url. */
  url: string;
  /**
   * The host DeliveryFailureTracker keys by: Addressable's normalized_host
   * (lower case, punycode, no trailing dot, no port).
   */
  host: string;
}

const EXAMPLE = "https://relay.example.org/inbox";

export function parseInboxUrl(input: string, localDomains: string[] = []): InboxUrl {
  const text = input.trim();
  if (text === "") throw new HowdahError("bad_request", `Enter the relay's inbox URL, for example ${EXAMPLE}.`);
  if (/\s/.test(text)) throw new HowdahError("bad_request", "The inbox URL must not contain spaces.");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HowdahError(
      "bad_request",
      `"${text.slice(0, 200)}" is not a URL. Enter the relay's inbox URL, for example ${EXAMPLE}.`,
    );
  }
  if (url.protocol === "http:") {
    throw new HowdahError(
      "bad_request",
      "The inbox URL must start with https://: relays exchange signed traffic and this server's public posts, which must not travel unencrypted.",
    );
  }
  if (url.protocol !== "https:")
    throw new HowdahError("bad_request", `The inbox URL must be an https:// address, for example ${EXAMPLE}.`);
  if (url.username || url.password) {
    throw new HowdahError(
      "bad_request",
      "The inbox URL must not contain a user name or password: it would be stored and sent in plain text.",
    );
  }
  const host = url.hostname.replace(/\.$/, "");
  if (!host || (!host.includes(".") && !host.startsWith("[")))
    throw new HowdahError("bad_request", `The inbox URL needs a full host name, for example ${EXAMPLE}.`);
  if (localDomains.some((d) => d.toLowerCase() === host))
    throw new HowdahError("bad_request", "That inbox URL points at this server itself, not at a relay.");
  url.hash = "";
  return { url: url.href, host };
}

/** The comparable form of a stored inbox URL (rows Mastodon saved may not be normalised). */
export function comparableInboxUrl(stored: string): string {
  try {
    const url = new URL(stored.trim());
    url.hash = "";
    return url.href;
  } catch {
    return stored.trim();
  }
}

/** DeliveryFailureTracker's host for a stored inbox URL (null if it does not parse). */
export function trackerHost(inboxUrl: string): string | null {
  try {
    return new URL(inboxUrl.trim()).hostname.replace(/\.$/, "") || null;
  } catch {
    return null;
  }
}
