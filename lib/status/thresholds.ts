import "server-only";
import type { StatusThresholds } from "@/lib/config/types";
import { ConfigError, shown } from "@/lib/config/env-values";

/**
 * The status page's thresholds: Howdah's defaults for a Mastodon server, and
 * HOWDAH_STATUS_THRESHOLDS, a comma-separated list of `key=degraded[/outage]`
 * that overrides some of them, e.g. `ingress=5m/1h,web=3s,mail_failures=20/500`.
 * Durations take a unit (ms, s, m, h); counts are plain numbers.
 *
 * Why these defaults: members notice federation about two minutes late
 * (a reply that "has not arrived"), and half an hour late reads as broken;
 * outgoing posts (push) and e-mail tolerate a little more; pull (link
 * previews, remote media) is slow by nature. A page answering in over two
 * seconds feels slow on a phone.
 */
export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = {
  web: { degraded: 2_000, outage: null },
  streaming: { degraded: 2_000, outage: null },
  database: { degraded: 500, outage: null },
  redis: { degraded: 500, outage: null },
  ingress: { degraded: 120_000, outage: 1_800_000 },
  push: { degraded: 300_000, outage: 3_600_000 },
  pull: { degraded: 1_800_000, outage: 14_400_000 },
  default: { degraded: 120_000, outage: 1_800_000 },
  mailers: { degraded: 300_000, outage: 3_600_000 },
  mail_failures: { degraded: 10, outage: 200 },
};

export type ThresholdKey = keyof StatusThresholds;
const COUNTS: readonly ThresholdKey[] = ["mail_failures"];
/** Keys whose outage is "no answer at all", so they take only a degraded value. */
const PROBES: readonly ThresholdKey[] = ["web", "streaming", "database", "redis"];
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

const VARIABLE = "HOWDAH_STATUS_THRESHOLDS";

function fail(message: string): never {
  throw new ConfigError(VARIABLE, `${VARIABLE} ${message}`);
}

function parseValue(key: ThresholdKey, raw: string, entry: string): number {
  if (COUNTS.includes(key)) {
    if (!/^\d{1,9}$/.test(raw))
      fail(`gives ${key} a count, a whole number such as 10, but the entry ${shown(entry)} has ${shown(raw)}.`);
    return Number(raw);
  }
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(raw);
  if (!match)
    fail(
      `gives ${key} a duration with a unit (ms, s, m or h) such as 2m, but the entry ${shown(entry)} has ` +
        `${shown(raw)}.`,
    );
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

/** Defaults with the variable's overrides applied; throws a one-sentence ConfigError. */
export function parseStatusThresholds(raw: string | undefined): StatusThresholds {
  const result: StatusThresholds = structuredClone(DEFAULT_STATUS_THRESHOLDS);
  if (raw === undefined || raw.trim() === "") return result;
  for (const entry of raw
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf("=");
    const key = (eq < 0 ? entry : entry.slice(0, eq)).trim() as ThresholdKey;
    if (!(key in result))
      fail(`has an unknown key in ${shown(entry)}; the keys are ${Object.keys(result).join(", ")}.`);
    if (eq < 0) fail(`needs a value in ${shown(entry)}, such as ${key}=${COUNTS.includes(key) ? "10/200" : "2m/30m"}.`);
    const [degradedRaw = "", outageRaw, extra] = entry
      .slice(eq + 1)
      .trim()
      .split("/");
    if (extra !== undefined) fail(`takes at most two values (degraded/outage) in ${shown(entry)}.`);
    const degraded = parseValue(key, degradedRaw.trim(), entry);
    if (PROBES.includes(key)) {
      if (outageRaw !== undefined)
        fail(`takes one value for ${key} (when it counts as slow; no answer is the outage), got ${shown(entry)}.`);
      result[key] = { degraded, outage: null };
      continue;
    }
    const outage = outageRaw === undefined ? (result[key].outage as number) : parseValue(key, outageRaw.trim(), entry);
    if (outage <= degraded) fail(`needs the outage value above the degraded one in ${shown(entry)}.`);
    result[key] = { degraded, outage };
  }
  return result;
}
