import "server-only";
import { randomBytes } from "node:crypto";

/**
 * Headers every answer of Howdah's server carries, Next's pages and APIs and
 * the status answers alike:
 * - no framing anywhere (`frame-ancestors 'none'`, and X-Frame-Options for
 *   older browsers): a same-site page must not show an admin's job list with
 *   its buttons inside an iframe;
 * - no MIME sniffing; referrers kept to Howdah's own pages, so admin URLs do
 *   not leak to the links a report or a job may hold;
 * - HSTS when HOWDAH_URL is https, where Howdah is only ever reached over TLS;
 * - a script policy without 'unsafe-inline': Next's pages run only scripts
 *   carrying the request's nonce (and what those load, 'strict-dynamic'), so
 *   markup injected through hostile data (a job argument, a domain, a relay
 *   URL) cannot run even if an escape were ever missed. The status page is
 *   Howdah's own HTML whose only script is its own file /status/refresh.js,
 *   so its policy allows scripts from 'self' (no inline, no eval) and
 *   fetches to 'self' (the script fetches the page again to update it).
 * Styles stay allowed inline: React and the charts set style attributes.
 */
const COMMON: readonly [string, string][] = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "same-origin"],
  ["x-frame-options", "DENY"],
];
const HSTS: [string, string] = ["strict-transport-security", "max-age=31536000"];

const FRAMING_AND_FORMS = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/** The policy of Next's pages and APIs for one request's nonce. */
export function pagePolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    FRAMING_AND_FORMS,
  ].join("; ");
}

/** The status page, feed and JSON: only Howdah's own script file, the page's one inline stylesheet. */
export const STATUS_POLICY =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A fresh nonce per page answer: 128 random bits, as the CSP spec asks. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The headers that do not depend on the answer: sniffing, referrers, framing, HSTS. */
export function securityHeaders(publicUrl: string | null): readonly [string, string][] {
  return publicUrl?.startsWith("https://") ? [...COMMON, HSTS] : COMMON;
}

const statusHeaders = new Map<string | null, readonly [string, string][]>();

/** What the status answers carry: the common headers and the status policy, one list per base URL. */
export function statusSecurityHeaders(publicUrl: string | null): readonly [string, string][] {
  let list = statusHeaders.get(publicUrl);
  if (!list) {
    list = [...securityHeaders(publicUrl), ["content-security-policy", STATUS_POLICY]];
    statusHeaders.set(publicUrl, list);
  }
  return list;
}

const API_POLICY = `default-src 'none'; ${FRAMING_AND_FORMS}`;
const apiHeaderLists = new Map<string | null, readonly [string, string][]>();

/** What a JSON answer given before Next carries: the common headers and a policy that allows nothing. */
export function apiHeaders(publicUrl: string | null): readonly [string, string][] {
  let list = apiHeaderLists.get(publicUrl);
  if (!list) {
    list = [...securityHeaders(publicUrl), ["content-security-policy", API_POLICY]];
    apiHeaderLists.set(publicUrl, list);
  }
  return list;
}
