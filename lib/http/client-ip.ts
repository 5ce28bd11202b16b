import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";
import proxyAddr from "proxy-addr";

/**
 * The client's address, for sign-in limits and the audit log.
 *
 * Howdah's HTTP server (lib/server/http-server.ts) works it out once per
 * request from the socket and HOWDAH_TRUSTED_PROXIES, as Rails does for
 * Mastodon with TRUSTED_PROXY_IP: a request from an untrusted peer is from
 * that peer, whatever its headers say; from a trusted proxy, X-Forwarded-For
 * is walked from the right past trusted hops to the first address that is
 * not one, and X-Real-IP is taken when the proxy sent no X-Forwarded-For.
 * It then replaces any incoming X-Howdah-Client-Ip with its own, with a
 * per-process proof beside it, so a client cannot name its own address even
 * where the server is not in front (`next dev`): there, and for requests
 * that did not come through it, the address is "unknown".
 */
export const CLIENT_IP_HEADER = "x-howdah-client-ip";
const PROOF_HEADER = "x-howdah-client-ip-proof";
const UNKNOWN = "unknown";

// Shared through globalThis: the server entry and Next's bundles are separate module graphs in one process.
const PROOF_KEY = Symbol.for("howdah.client-ip-proof");
function proof(): string {
  const store = globalThis as { [PROOF_KEY]?: string };
  return (store[PROOF_KEY] ??= randomBytes(24).toString("base64url"));
}

export type TrustProxy = (address: string, hop: number) => boolean;

export function compileTrustedProxies(list: string[]): TrustProxy {
  return proxyAddr.compile(list);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/** "::ffff:192.0.2.1" → "192.0.2.1": one client, one bucket, whichever way the socket was opened. */
function canonical(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

const isIp = (value: string) => isIP(value) !== 0;

/** The client's address for a request that reached `socketAddress` with these headers. */
export function resolveClientIp(
  socketAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trust: TrustProxy,
): string {
  if (!socketAddress) return UNKNOWN;
  const peer = canonical(socketAddress);
  if (!trust(peer, 0)) return peer;
  const forwardedFor = single(headers["x-forwarded-for"]);
  if (forwardedFor) {
    // [socket, nearest hop, …, as far as trusted hops go]; the last one is the client.
    const hops = proxyAddr.all({ socket: { remoteAddress: peer }, headers } as never, trust);
    // A trusted hop may pass on junk it was sent; then the hop that passed it is the client.
    for (let i = hops.length - 1; i >= 0; i--) if (isIp(hops[i]!)) return canonical(hops[i]!);
    return peer;
  }
  const realIp = single(headers["x-real-ip"])?.trim();
  return realIp && isIp(realIp) ? canonical(realIp) : peer;
}

/** Called by the server entry before anything else reads the request. */
export function stampClientIp(
  req: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string } },
  trust: TrustProxy,
): string {
  const ip = resolveClientIp(req.socket.remoteAddress, req.headers, trust);
  req.headers[CLIENT_IP_HEADER] = ip;
  req.headers[PROOF_HEADER] = proof();
  return ip;
}

/** The address the server entry worked out, or "unknown" when it did not see this request. */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined =>
    headers instanceof Headers ? (headers.get(name) ?? undefined) : single(headers[name]);
  const given = Buffer.from(get(PROOF_HEADER) ?? "");
  const expected = Buffer.from(proof());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return UNKNOWN;
  return get(CLIENT_IP_HEADER) || UNKNOWN;
}
