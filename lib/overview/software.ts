import "server-only";
import packageJson from "@/package.json";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import type { ServerContext } from "@/lib/server/context";

/**
 * The overview's "Software" list, as Mastodon's dashboard lists its own:
 * Mastodon (as Howdah detects it from the schema: the release line, with the
 * schema version), PostgreSQL, Redis (or Valkey,
 * Dragonfly), Sidekiq as its running processes report it, and Howdah. Each
 * reading fails on its own and says why.
 */
export interface SoftwareVersion {
  name: string;
  version: string | null;
  /** Why the version is unknown, or a qualifier ("schema 20241007071624"). */
  note: string | null;
}

export const HOWDAH_VERSION: string = packageJson.version;

async function reading(
  name: string,
  read: () => Promise<{ version: string | null; note: string | null; name?: string }>,
): Promise<SoftwareVersion> {
  try {
    const { version, note, name: actual } = await read();
    return { name: actual ?? name, version, note };
  } catch (error) {
    const message =
      error instanceof Error && error.name === "HowdahError" ? error.message : describeServiceFailure(error);
    return { name, version: null, note: message };
  }
}

export async function getSoftwareVersions(context: ServerContext): Promise<SoftwareVersion[]> {
  const { mastodon } = context;
  return Promise.all([
    reading("Mastodon", async () => {
      const v = await mastodon.version();
      return {
        // The schema names the minor line; patch releases seldom add migrations.
        version: v.release ? `${v.release}.x` : null,
        note: v.release ? `schema ${v.schemaVersion}` : `schema ${v.schemaVersion}, a version Howdah does not know`,
      };
    }),
    reading("PostgreSQL", async () => ({ version: await mastodon.instance.postgresVersion(), note: null })),
    reading("Redis", async () => {
      const r = await mastodon.instance.redisVersion();
      return { name: r.name, version: r.version, note: null };
    }),
    reading("Sidekiq", async () => {
      const versions = await mastodon.sidekiq.gemVersions();
      if (versions.length)
        return { version: versions.join(", "), note: versions.length > 1 ? "processes run different versions" : null };
      // Sidekiq 6.5 (Mastodon 4.3) does not put its version in the heartbeat; nor does anything when none runs.
      const v = await mastodon.version().catch(() => null);
      return v?.release
        ? {
            version: `${v.sidekiqFormat}.x`,
            note: `as Mastodon ${v.release} ships it; no running process reports its own`,
          }
        : { version: null, note: "no running Sidekiq process reports its version" };
    }),
    Promise.resolve({ name: "Howdah", version: HOWDAH_VERSION, note: null }),
  ]);
}
