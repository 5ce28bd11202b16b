import { FIXTURE_AR_KEYS } from "@/dev/fixtures/generator";
import { testEnv } from "./test-env";

/**
 * The browser tests' instance: its own database and Redis DB index, and the
 * port Howdah is served on while Playwright drives it.
 */
export const E2E = {
  database: "howdah_e2e",
  connectionString: "postgresql://postgres@127.0.0.1:5432/howdah_e2e",
  redisDb: 9,
  port: 3100,
} as const;

export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789";

export function e2eEnv(): Record<string, string> {
  return testEnv({
    connectionString: E2E.connectionString,
    redisDb: E2E.redisDb,
    arKeys: FIXTURE_AR_KEYS,
    redisPrefix: "howdah-e2e",
    extra: {
      HOWDAH_URL: `http://127.0.0.1:${E2E.port}`,
      NEXTAUTH_URL: `http://127.0.0.1:${E2E.port}`,
      HOWDAH_WORKER_MODE: "inline",
      HOWDAH_METRICS_TOKEN: E2E_METRICS_TOKEN,
    },
  });
}
