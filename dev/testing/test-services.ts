/**
 * Where the tests find PostgreSQL's databases and Redis. Defaults are the
 * machine's services; two checkouts testing at once on one machine each set
 * HOWDAH_TEST_REDIS_PORT (a Redis of their own) and HOWDAH_TEST_DB_PREFIX, so
 * their fixed Redis DB indexes and database names never meet.
 */
export const TEST_REDIS_PORT = Number(process.env.HOWDAH_TEST_REDIS_PORT ?? "6379");
export const TEST_REDIS_URL = `redis://127.0.0.1:${TEST_REDIS_PORT}`;
const DB_PREFIX = process.env.HOWDAH_TEST_DB_PREFIX ?? "howdah_t_";

/** A test database's name: `howdah_t_<name>` unless a prefix is set. */
export function testDatabaseName(name: string): string {
  return `${DB_PREFIX}${name}`;
}
