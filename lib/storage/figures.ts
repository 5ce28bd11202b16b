import "server-only";
import type { DayTotal, KindTotal, Snapshot } from "@/lib/store/storage-reads";
import { addDays } from "./forecast-math";
import { isCacheKind } from "./forecast";

/**
 * The storage figures that more than one card shows, each computed in one
 * place so the overview's tile and the Storage page give the same number for
 * the same label (labels: lib/shared/figure-labels).
 */
export interface MediaFigures {
  /** Media stored: every kind, local and remote. */
  total: number;
  local: number;
  /** From other servers: every remote-origin file (remote accounts' files and link previews). */
  remote: number;
  /** Remote media cache: remote attachments and link previews (what the retention clears). */
  cache: number;
  evictedRows: number;
}

export function mediaFigures(totals: KindTotal[]): MediaFigures {
  const sum = (rows: KindTotal[]) => rows.reduce((a, t) => a + t.bytes, 0);
  return {
    total: sum(totals),
    local: sum(totals.filter((t) => t.origin === "local")),
    remote: sum(totals.filter((t) => t.origin === "remote")),
    cache: sum(totals.filter((t) => isCacheKind(t.kind, t.origin))),
    evictedRows: totals.reduce((a, t) => a + t.evicted, 0),
  };
}

export interface RangeGrowth {
  days: number;
  /** First UTC day of the range; the range ends today. */
  fromDay: string;
  /** Added: bytes of the files that arrived on the range's days, every kind (user archives too). */
  added: number;
  /** Net growth: held at the last complete snapshot minus held at the end of the day before the range. */
  net: number | null;
}

/** The first day of a `days`-long range ending `today` (UTC days). */
export const rangeStart = (today: string, days: number): string => addDays(today, -(days - 1));

/**
 * `dayTotals` read from rangeStart(), `snapshots` from the day before it
 * (readDayTotals / readSnapshots).
 */
export function rangeGrowth(dayTotals: DayTotal[], snapshots: Snapshot[], today: string, days: number): RangeGrowth {
  const fromDay = rangeStart(today, days);
  const added = dayTotals.filter((d) => d.day >= fromDay && d.day <= today).reduce((a, d) => a + d.addedBytes, 0);
  const complete = snapshots.filter((s) => s.complete);
  const before = complete.find((s) => s.day === addDays(fromDay, -1));
  const last = complete.at(-1);
  return { days, fromDay, added, net: before && last ? last.mediaBytes - before.mediaBytes : null };
}
