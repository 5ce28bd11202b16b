import "server-only";

/**
 * Headers every answer of Howdah's server carries, Next's pages and APIs and
 * the status answers alike:
 * - no framing anywhere (`frame-ancestors 'none'`, and X-Frame-Options for
 *   older browsers): a same-site page must not show an admin's job list with
 *   its buttons inside an iframe;
 * - no MIME sniffing; referrers kept to Howdah's own pages, so admin URLs do
 *   not leak to the links a report or a job may hold;
 * - HSTS when HOWDAH_URL is https, where Howdah is only ever reached over TLS.
 * A script policy (CSP without 'unsafe-inline' scripts, which Next's pages
 * need nonces for) is still to come.
 */
const ALWAYS: readonly [string, string][] = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "same-origin"],
  ["x-frame-options", "DENY"],
  ["content-security-policy", "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"],
];
const HSTS: [string, string] = ["strict-transport-security", "max-age=31536000"];

export function securityHeaders(publicUrl: string | null): readonly [string, string][] {
  return publicUrl?.startsWith("https://") ? [...ALWAYS, HSTS] : ALWAYS;
}
