import "server-only";
import type { GatewayBase } from "../gateway/base";
import { withService, type ServiceName } from "../service-errors";
import { chunkEnd, estimatedRows, incrementalBound, maxId } from "./id-ranges";
import { isKnownDomain } from "./known-domain";
import { readMediaRetention, type MediaRetention } from "./retention";
import { findSource, presentSources, type CountedRow, type IdRange, type StorageSource } from "./sources";
import { tootctlMediaUsage, type TootctlUsageRow } from "./tootctl-usage";

/** A table the storage rollups count, as features see it: its name, the kinds it holds, how its ids run. */
export type MediaSource = Pick<StorageSource, "name" | "kinds" | "ids">;
export type MediaSourceName = StorageSource["name"];

/**
 * Mastodon's stored files: counts and bytes by kind and origin, by id range,
 * per domain; retention settings as media reads them. The rollups' counts go
 * to the read replica when there is one; settings and lookups to the primary.
 */
export function createMediaArea(base: GatewayBase) {
  const c = base.connections;
  const replica: ServiceName = c.hasReplica ? "PostgreSQL replica" : "PostgreSQL";
  const onReplica = <T>(run: () => Promise<T>) => withService(replica, run);
  const source = (name: MediaSourceName): StorageSource => {
    const found = findSource(name);
    if (!found) throw new Error(`Unknown media source ${name}`);
    return found;
  };
  return {
    /** The counted tables this database has (imports only until Mastodon 4.4). */
    async presentSources(): Promise<MediaSource[]> {
      const present = await onReplica(() => presentSources(c.readDb));
      return present.map(({ name, kinds, ids }) => ({ name, kinds, ids }));
    },
    /** Counts the rows of `name` in `range` (the whole table when null) with Mastodon's definitions. */
    countRange(name: MediaSourceName, range: IdRange | null): Promise<{ rows: CountedRow[]; scanned: number }> {
      return onReplica(() => source(name).count(c.readDb, range));
    },
    /** The end (inclusive) of a chunk of at most `rows` ids after `after`, capped at `upTo`. */
    chunkEnd(name: MediaSourceName, after: bigint, upTo: bigint, rows: number): Promise<bigint> {
      return onReplica(() => chunkEnd(c.readDb, source(name).table, after, upTo, rows));
    },
    maxId(name: MediaSourceName): Promise<bigint | null> {
      return onReplica(() => maxId(c.readDb, source(name).table));
    },
    /** The highest id the incremental pass may count now (ids whose time is `marginMs` old). */
    incrementalBound(name: MediaSourceName, after: bigint, marginMs: number): Promise<bigint> {
      return onReplica(() => incrementalBound(c.readDb, source(name), after, marginMs));
    },
    /** Rows in the table, for progress: the planner's estimate, or exact when small. */
    estimatedRows(name: MediaSourceName): Promise<number> {
      return onReplica(() => estimatedRows(c.readDb, source(name).table));
    },
    /** media_cache_retention_period as ContentRetentionPolicy reads it. */
    readRetention(): Promise<MediaRetention> {
      return withService("PostgreSQL", () => readMediaRetention(c.db));
    },
    /** Whether Mastodon knows a remote server (the `instances` view). */
    isKnownDomain(domain: string): Promise<boolean> {
      return withService("PostgreSQL", () => isKnownDomain(c.db, domain));
    },
    /** What `tootctl media usage` computes, by full-table sums (the benchmark's baseline; never for a page). */
    tootctlUsage(): Promise<TootctlUsageRow[]> {
      return onReplica(() => tootctlMediaUsage(c.readDb));
    },
  };
}

export type MediaArea = ReturnType<typeof createMediaArea>;
