import "server-only";
/**
 * The one place Howdah reads its environment. `loadConfig` merges Mastodon's
 * .env.production (MASTODON_ENV_FILE) under the process environment, then
 * builds Mastodon's settings with Mastodon's own precedence and Howdah's on top.
 * Any missing or malformed value throws a ConfigError naming the variable;
 * secret values never appear in a message.
 *
 * Deliberate differences from Mastodon, all at the edges:
 * - An empty value (`X=`) counts as unset, as in the streaming server; Rails
 *   would keep "" (a blank host, URL or flag).
 * - The env file is read like the streaming server's `dotenv` does, without
 *   Rails' `$VAR` / `$(cmd)` expansion and backslash unescaping.
 * - LOCAL_DOMAIN is required; Mastodon falls back to localhost:$PORT, which is
 *   never right for a server worth administering.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ActiveRecordEncryptionKeys, HowdahConfig, MastodonConfig } from "./types";
import { parseDotenv } from "./dotenv-parse";
import { ConfigError, type Env, intVar, present, shown } from "./env-values";
import { howdahSettings } from "./howdah-settings";
import { mastodonPrimary, mastodonReplica } from "./postgres-settings";
import { mastodonRedis } from "./redis-settings";
import { smtpSettings } from "./smtp-settings";

export { ConfigError } from "./env-values";
export { HOWDAH_ENV_VARS } from "./howdah-settings";

/** The env file's variables under the process's own: like dotenv, a variable already set (even to "") is kept. */
function withEnvFile(env: Env): Env {
  const file = present(env, "MASTODON_ENV_FILE");
  if (file === undefined) return env;
  const resolved = path.resolve(file);
  let source: string;
  try {
    source = readFileSync(resolved, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new ConfigError(
      "MASTODON_ENV_FILE",
      `MASTODON_ENV_FILE points to ${resolved}, which cannot be read (${code}).`,
    );
  }
  const merged: Env = { ...parseDotenv(source) };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}

function domain(env: Env, name: string, fallback?: string): string {
  const value = present(env, name)?.trim() ?? fallback;
  if (value === undefined) {
    throw new ConfigError(
      name,
      `${name} is not set; use the same value as Mastodon's .env.production ` +
        `(point MASTODON_ENV_FILE at that file, or set ${name}).`,
    );
  }
  // A host name, optionally with a port (development setups use localhost:3000).
  if (!/^[^\s/:@?#]+(?::\d{1,5})?$/.test(value)) {
    throw new ConfigError(
      name,
      `${name} must be a bare domain such as example.social, not a URL, got ${shown(value)}.`,
    );
  }
  return value.toLowerCase();
}

const AR_KEYS = {
  primaryKeys: "ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY",
  deterministicKeys: "ACTIVE_RECORD_ENCRYPTION_DETERMINISTIC_KEY",
  keyDerivationSalt: "ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT",
} as const;

/**
 * All three or none. Rails hands each variable over as one string, and a single
 * string is one key: Rails does not split on commas. So the whole value comes
 * last (the key Mastodon encrypts with). When it contains commas, its
 * comma-separated parts come first as extra keys to try, for rotated key lists
 * written as "old,new": trying a wrong key costs nothing (AES-GCM refuses it).
 */
function activeRecordEncryption(env: Env): ActiveRecordEncryptionKeys | null {
  // Whitespace-only counts as unset, as Rails' `blank?` does.
  const value = (name: string) => {
    const raw = present(env, name);
    return raw?.trim() ? raw : undefined;
  };
  const names = Object.values(AR_KEYS);
  const missing = names.filter((name) => value(name) === undefined);
  if (missing.length === names.length) return null;
  if (missing.length > 0) {
    throw new ConfigError(
      missing[0] as string,
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set although the other ` +
        `Active Record encryption ${missing.length > 1 ? "key is" : "keys are"}; ` +
        "copy all three from Mastodon's .env.production, or none.",
    );
  }
  const keyList = (raw: string) => [...(raw.includes(",") ? raw.split(",").filter((k) => k !== "") : []), raw];
  return {
    primaryKeys: keyList(value(AR_KEYS.primaryKeys) as string),
    deterministicKeys: keyList(value(AR_KEYS.deterministicKeys) as string),
    keyDerivationSalt: value(AR_KEYS.keyDerivationSalt) as string,
  };
}

function mastodonSettings(env: Env): MastodonConfig {
  const localDomain = domain(env, "LOCAL_DOMAIN");
  return {
    db: mastodonPrimary(env),
    replica: mastodonReplica(env),
    ...mastodonRedis(env),
    localDomain,
    webDomain: domain(env, "WEB_DOMAIN", localDomain),
    // config/mastodon.yml: (LIMITED_FEDERATION_MODE || WHITELIST_MODE) == 'true'; a set
    // LIMITED_FEDERATION_MODE, whatever its value, hides the legacy name.
    limitedFederationMode: (env.LIMITED_FEDERATION_MODE ?? env.WHITELIST_MODE) === "true",
    activeRecordEncryption: activeRecordEncryption(env),
    userActiveDays: intVar(env, "USER_ACTIVE_DAYS", 7, 1, 3650),
    smtp: smtpSettings(env),
  };
}

export function loadConfig(env: Env = process.env): HowdahConfig {
  const merged = withEnvFile(env);
  const mastodon = mastodonSettings(merged);
  return { mastodon, howdah: howdahSettings(merged, mastodon) };
}

let cached: HowdahConfig | undefined;

/** The process's configuration, read from process.env once. */
export function getConfig(): HowdahConfig {
  if (!cached) {
    cached = loadConfig(process.env);
    handBaseUrlToNextAuth(cached);
  }
  return cached;
}

/**
 * next-auth 4 takes its base URL (where it redirects after sign-in and
 * sign-out) only from NEXTAUTH_URL, and falls back to http://localhost:3000.
 * HOWDAH_URL is the one address staff configure, so it is handed over here,
 * once per process, before any request reaches next-auth (every route reads
 * the configuration first).
 */
function handBaseUrlToNextAuth(config: HowdahConfig): void {
  process.env.NEXTAUTH_URL = config.howdah.publicUrl;
}
