import "server-only";
import { createHash } from "node:crypto";

/**
 * CanonicalEmailBlock's hash (app/models/concerns/canonical_email.rb, same in
 * 4.3 and 4.6): hex SHA-256 of the address lower-cased, with every dot
 * removed from the local part and everything from its first `+` cut.
 */
export function canonicalEmailHash(email: string): string {
  const lower = email.toLowerCase();
  const at = lower.indexOf("@");
  const local = at < 0 ? lower : lower.slice(0, at);
  const domain = at < 0 ? "" : lower.slice(at + 1);
  const canonical = `${local.replaceAll(".", "").split("+")[0]}@${domain}`;
  return createHash("sha256").update(canonical).digest("hex");
}
