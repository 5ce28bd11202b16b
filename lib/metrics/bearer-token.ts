import "server-only";
import { timingSafeEqual } from "node:crypto";

/**
 * Whether an Authorization header carries the metrics token in the Bearer
 * scheme (RFC 6750): "Bearer <token>", the scheme case-insensitive, and
 * nothing else. A bare token, or another scheme, is refused, so the token is
 * only ever accepted where a scraper is configured to send it.
 */
export function bearerTokenMatches(header: string | null, token: string): boolean {
  const match = /^Bearer +(\S+)$/i.exec(header ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
