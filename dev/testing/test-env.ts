/**
 * The environment a test (or the demo, or the browser tests) gives Howdah to
 * reach its own Mastodon database and Redis DB index. Test data never shares
 * a database or a Redis index with anything else.
 */
export const TEST_SECRET = "howdah-test-secret-that-is-long-enough-1234";

export interface TestEnvOptions {
  connectionString: string;
  redisDb: number;
  localDomain?: string;
  arKeys?: { primaryKeys: string[]; deterministicKeys: string[]; keyDerivationSalt: string } | null;
  redisPrefix?: string;
  extra?: Record<string, string>;
}

export function testEnv(options: TestEnvOptions): Record<string, string> {
  const env: Record<string, string> = {
    LOCAL_DOMAIN: options.localDomain ?? "howdah.test",
    DATABASE_URL: options.connectionString,
    REDIS_URL: `${TEST_REDIS_URL}/${options.redisDb}`,
    HOWDAH_SECRET: TEST_SECRET,
    HOWDAH_REDIS_PREFIX: options.redisPrefix ?? "howdah-test",
  };
  if (options.arKeys) {
    env.ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY = options.arKeys.primaryKeys.join(",");
    env.ACTIVE_RECORD_ENCRYPTION_DETERMINISTIC_KEY = options.arKeys.deterministicKeys.join(",");
    env.ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT = options.arKeys.keyDerivationSalt;
  }
  return { ...env, ...options.extra };
}
import { TEST_REDIS_URL } from "@/dev/testing/test-services";
