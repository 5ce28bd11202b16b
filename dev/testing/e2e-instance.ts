import { FIXTURE_AR_KEYS } from "@/dev/fixtures/generator";
import { testEnv } from "./test-env";
import { testDatabaseName } from "./test-services";

/**
 * The browser tests' instance: its own database and Redis DB index, and the
 * port Howdah is served on while Playwright drives it.
 */
const database = process.env.HOWDAH_TEST_DB_PREFIX ? testDatabaseName("e2e") : "howdah_e2e";

export const E2E = {
  database,
  connectionString: `postgresql://postgres@127.0.0.1:5432/${database}`,
  redisDb: 9,
  // HOWDAH_E2E_PORT lets two checkouts run their browser tests at once.
  port: Number(process.env.HOWDAH_E2E_PORT ?? "3100"),
  /** Where Mastodon's SMTP_SERVER points: e2e/alerts.spec.ts listens there with a small SMTP server. */
  smtpPort: Number(process.env.HOWDAH_E2E_PORT ?? "3100") + 2000,
} as const;

export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789";

export function e2eEnv(): Record<string, string> {
  return testEnv({
    connectionString: E2E.connectionString,
    redisDb: E2E.redisDb,
    arKeys: FIXTURE_AR_KEYS,
    redisPrefix: "howdah-e2e",
    extra: {
      // HOWDAH_URL alone: Howdah hands it to next-auth (e2e/sign-out.spec.ts).
      HOWDAH_URL: `http://127.0.0.1:${E2E.port}`,
      HOWDAH_WORKER_MODE: "inline",
      HOWDAH_METRICS_TOKEN: E2E_METRICS_TOKEN,
      SMTP_SERVER: "127.0.0.1",
      SMTP_PORT: String(E2E.smtpPort),
      SMTP_FROM_ADDRESS: "notifications@howdah.test",
    },
  });
}
