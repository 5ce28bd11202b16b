import "server-only";
import { z } from "zod";
import type { Staff } from "@/lib/auth/current-staff";
import { HowdahError } from "@/lib/errors";
import { recordAudit } from "@/lib/store/audit";
import type { Store } from "@/lib/store/connection";
import { formatBytes, parseSize } from "@/lib/shared/bytes";
import { readStorageCapacity, writeStorageCapacity } from "@/lib/store/storage-settings";

/**
 * The capacity of the disk or bucket that holds the media, which the
 * forecast projects against. Kept in Howdah's store (one row), changed on the
 * Storage page by staff with manage_settings, recorded in the audit log.
 * `includesDatabase`: the same disk also holds PostgreSQL (a one-VM server).
 */
export interface StorageCapacity {
  capacityBytes: number | null;
  includesDatabase: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export const capacityInput = z.object({
  /** A size ("500 GB", "2 TiB", bytes), or null / "" to remove the capacity. */
  capacity: z.union([z.string().max(100), z.number(), z.null()]),
  includesDatabase: z.boolean().default(false),
});
export type CapacityInput = z.infer<typeof capacityInput>;

export async function getCapacity(store: Store): Promise<StorageCapacity> {
  const stored = await readStorageCapacity(store);
  return {
    capacityBytes: stored.capacityBytes,
    includesDatabase: stored.includesDatabase,
    updatedAt: stored.updatedAt?.toISOString() ?? null,
    updatedBy: stored.updatedBy,
  };
}

/** Parses first: bad input throws a 400 with the reason and changes nothing. */
export function resolveCapacity(input: CapacityInput): number | null {
  const raw = input.capacity;
  if (raw === null || (typeof raw === "string" && raw.trim() === "")) return null;
  const parsed = parseSize(String(raw));
  if (!parsed.ok) throw new HowdahError("bad_request", parsed.message);
  return parsed.bytes;
}

export async function setCapacity(
  store: Store,
  actor: { staff: Staff; ip: string | null },
  input: CapacityInput,
): Promise<StorageCapacity> {
  const bytes = resolveCapacity(input);
  const before = await getCapacity(store);
  await writeStorageCapacity(store, {
    capacityBytes: bytes,
    includesDatabase: input.includesDatabase,
    updatedBy: actor.staff.acct,
  });
  await recordAudit(store, {
    actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
    action: "storage.capacity.update",
    targetType: "storage_capacity",
    target: bytes === null ? "none" : formatBytes(bytes),
    details: { from: before.capacityBytes, to: bytes, includesDatabase: input.includesDatabase },
    ip: actor.ip,
  });
  return getCapacity(store);
}
