import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Store } from "@/lib/store/connection";
import { readStatusSnapshot, saveStatusSnapshot } from "@/lib/store/status-snapshots";
import type { StatusSnapshot } from "@/lib/shared/status-types";

/**
 * Where a published snapshot lives: one row in Howdah's store (shared by
 * every Howdah process) and a local JSON file (the copy that still answers
 * when PostgreSQL and Redis are both down). Writes to the file are atomic
 * (write, then rename), so a reader never sees half a snapshot.
 */
export async function saveSnapshotToStore(store: Store, snapshot: StatusSnapshot): Promise<void> {
  await saveStatusSnapshot(store, new Date(snapshot.publishedAt), JSON.stringify(snapshot));
}

export async function readSnapshotFromStore(store: Store): Promise<StatusSnapshot | null> {
  return asSnapshot(await readStatusSnapshot(store));
}

export async function saveSnapshotToFile(file: string, snapshot: StatusSnapshot): Promise<void> {
  await mkdir(/* turbopackIgnore: true */ path.dirname(file), { recursive: true });
  // Unique per write: the status loop and an incident change may both write in one process.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(/* turbopackIgnore: true */ temporary, JSON.stringify(snapshot));
  await rename(/* turbopackIgnore: true */ temporary, file);
}

export async function readSnapshotFromFile(file: string): Promise<StatusSnapshot | null> {
  try {
    return asSnapshot(JSON.parse(await readFile(/* turbopackIgnore: true */ file, "utf8")));
  } catch {
    return null;
  }
}

/** A parsed value that has the shape of a snapshot this version writes, or null. */
function asSnapshot(value: unknown): StatusSnapshot | null {
  const s = value as Partial<StatusSnapshot> | null | undefined;
  if (!s || s.version !== 1 || typeof s.publishedAt !== "string" || !Array.isArray(s.components)) return null;
  return s as StatusSnapshot;
}

export function newer(a: StatusSnapshot | null, b: StatusSnapshot | null): StatusSnapshot | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b.publishedAt) > Date.parse(a.publishedAt) ? b : a;
}
