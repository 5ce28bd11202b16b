import "server-only";
import proxyAddr from "proxy-addr";
import { ConfigError, type Env, present, shown } from "./env-values";

/**
 * HOWDAH_TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For and
 * X-Real-IP Howdah believes (lib/http/client-ip.ts). Read as Mastodon reads
 * TRUSTED_PROXY_IP: addresses or CIDR ranges separated by commas or spaces,
 * replacing the default, which is Rails' own list of loopback and private
 * ranges (a proxy on the same host or network).
 */
export const DEFAULT_TRUSTED_PROXIES = [
  "127.0.0.0/8",
  "::1",
  "fc00::/7",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
];

export function trustedProxies(env: Env): string[] {
  const raw = present(env, "HOWDAH_TRUSTED_PROXIES");
  if (raw === undefined) return DEFAULT_TRUSTED_PROXIES;
  const entries = raw.split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    try {
      // proxy-addr's own parser, the one that will match addresses against the list.
      proxyAddr.compile(entry);
    } catch {
      throw new ConfigError(
        "HOWDAH_TRUSTED_PROXIES",
        `HOWDAH_TRUSTED_PROXIES must list IP addresses or CIDR ranges such as 10.0.0.0/8, ` +
          `separated by commas or spaces, but ${shown(entry)} is not one.`,
      );
    }
  }
  return entries;
}
