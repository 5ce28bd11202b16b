import "server-only";
import { probePostgres, type ServiceHealth } from "@/lib/mastodon/health";
import { withService } from "@/lib/mastodon/service-errors";
import type { Store } from "./connection";

/**
 * What the System page and the overview say about Howdah's own store: the
 * migrations applied, and whether it answers.
 */
export async function listAppliedMigrations(store: Store): Promise<{ name: string; appliedAt: Date }[]> {
  const { rows } = await withService("Howdah store", () =>
    store.pool.query<{ name: string; applied_at: Date }>(
      "SELECT name, applied_at FROM howdah.schema_migrations ORDER BY name",
    ),
  );
  return rows.map((r) => ({ name: r.name, appliedAt: r.applied_at }));
}

/** One bounded round trip to the store, timed as the gateway times Mastodon's services. */
export function probeStore(store: Store): Promise<ServiceHealth> {
  return probePostgres(store.pool);
}

/**
 * Opens the store's connections and runs one query through Prisma, whose
 * query compiler loads on first use, so the first page that reads the store
 * does not pay for either.
 */
export async function warmStore(store: Store, connections = 2): Promise<void> {
  await Promise.all(Array.from({ length: connections }, () => store.pool.query("SELECT 1")));
  await store.prisma.auditEntry.findFirst({ select: { id: true }, orderBy: { id: "desc" } });
}
