import "server-only";
import type pg from "pg";
import { HowdahError } from "@/lib/errors";

/**
 * Which Mastodon a database belongs to, read from `max(version)` of
 * schema_migrations and placed between the schema versions of the last patch
 * release of each minor version (facts §0). Howdah supports 4.3 to 4.6: on
 * anything else it keeps reading but refuses every write, and says why.
 */
export type MastodonRelease = "4.3" | "4.4" | "4.5" | "4.6";
/** Sidekiq's Redis data format: 6.5 (4.3), 7.3 (4.4), 8.0 (4.5), 8.1 (4.6); see dev/fixtures/sidekiq/FORMATS.md. */
export type SidekiqFormat = "6.5" | "7.3" | "8.0" | "8.1";

// Schema version of each minor line's newest release (v4.2.0's for 4.2, the
// newest this table needs as a lower bound).
const LAST_SCHEMA: { release: MastodonRelease; upTo: string; tag: string }[] = [
  { release: "4.3", upTo: "20241007071624", tag: "v4.3.23" },
  { release: "4.4", upTo: "20250627132728", tag: "v4.4.22" },
  { release: "4.5", upTo: "20251023210145", tag: "v4.5.15" },
  { release: "4.6", upTo: "20260611150940", tag: "v4.6.5" },
];
const OLDEST_SUPPORTED_AFTER = "20230907150100"; // v4.2.0

export interface MastodonVersion {
  schemaVersion: string;
  /** The supported release this schema belongs to, or null if Howdah does not know it. */
  release: MastodonRelease | null;
  writable: boolean;
  /** Why writes are refused (null when writable): shown in a banner. */
  readOnlyReason: string | null;
  sidekiqFormat: SidekiqFormat;
}

export function classifySchemaVersion(schemaVersion: string): MastodonVersion {
  // Versions are 14-digit timestamps, so string comparison orders them.
  const v = schemaVersion.padStart(14, "0");
  if (v <= OLDEST_SUPPORTED_AFTER) {
    return {
      schemaVersion,
      release: null,
      writable: false,
      readOnlyReason:
        `This database is at Mastodon schema ${schemaVersion}, older than Mastodon 4.3, the oldest Howdah ` +
        "supports; Howdah shows figures but makes no changes until Mastodon is upgraded.",
      sidekiqFormat: "6.5",
    };
  }
  const known = LAST_SCHEMA.find((r) => v <= r.upTo);
  if (!known) {
    return {
      schemaVersion,
      release: null,
      writable: false,
      readOnlyReason:
        `This database is at Mastodon schema ${schemaVersion}, newer than Mastodon 4.6.5, the newest Howdah ` +
        "knows; Howdah shows figures but makes no changes until it is updated for this Mastodon version.",
      sidekiqFormat: "8.1",
    };
  }
  return {
    schemaVersion,
    release: known.release,
    writable: true,
    readOnlyReason: null,
    sidekiqFormat: sidekiqFormatFor(known.release),
  };
}

export function sidekiqFormatFor(release: MastodonRelease): SidekiqFormat {
  if (release === "4.3") return "6.5";
  if (release === "4.4") return "7.3";
  if (release === "4.5") return "8.0";
  return "8.1";
}

export async function readSchemaVersion(db: pg.Pool): Promise<string> {
  const { rows } = await db.query<{ version: string | null }>("SELECT max(version) AS version FROM schema_migrations");
  const version = rows[0]?.version;
  if (!version) {
    throw new HowdahError(
      "unavailable",
      "This database has no schema_migrations rows, so it is not a Mastodon database Howdah can recognise.",
    );
  }
  return version;
}

export async function detectMastodonVersion(db: pg.Pool): Promise<MastodonVersion> {
  return classifySchemaVersion(await readSchemaVersion(db));
}

/** Every write path calls this first: an unknown version is read-only. */
export function assertWritable(version: MastodonVersion): void {
  if (!version.writable) throw new HowdahError("read_only", version.readOnlyReason ?? "Writes are disabled.");
}
