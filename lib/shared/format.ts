/**
 * The one set of number, size, duration and time formats for every page
 * (server and browser). Times: one pattern everywhere, "20 May 2026, 15:30"
 * in the viewer's own time zone, with the exact UTC time for a hover title
 * ("2026-05-20 15:30:12 UTC"); the public status page writes the same pattern
 * in UTC. Storage days are UTC calendar days and are shown as such.
 */
import { formatBytes, formatByteTick, formatDelta } from "./bytes";
import { formatDuration } from "./duration";

export { formatBytes, formatByteTick, formatDelta, formatDuration };

const integer = new Intl.NumberFormat("en");
const decimal = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

/** "1,934": whole things (jobs, users, files). */
/** Null: the figure could not be read (e.g. its key in Sidekiq's Redis holds something else). */
export const formatCount = (n: number | null): string => (n === null ? "unknown" : integer.format(Math.round(n)));

/** "29.75": an exact value with up to two decimals (chart tooltips, rates). */
/** "1 account", "1,204 accounts": a count with its noun agreeing (an explicit plural for irregular ones). */
export const formatCountOf = (n: number, singular: string, plural = `${singular}s`): string =>
  `${formatCount(n)} ${Math.round(n) === 1 ? singular : plural}`;

export const formatNumber = (n: number): string => decimal.format(n);

/** "12%", "<1%" for a small non-zero share, "99%" until it is really all. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return "0%";
  if (fraction < 0.01) return "<1%";
  const rounded = Math.round(fraction * 100);
  return `${rounded === 100 && fraction < 1 ? 99 : rounded}%`;
}

/** "1,234/min" for a rate per minute, "—" when unknown. */
export const formatPerMinute = (perMinute: number | null): string =>
  perMinute === null ? "—" : `${formatNumber(perMinute >= 10 ? Math.round(perMinute) : perMinute)}/min`;

/** "12 s ago", "3 min ago", "in 4 min"; "—" when unknown. */
export function formatAgo(ms: number | null, now = Date.now()): string {
  if (ms === null) return "—";
  const delta = (now - ms) / 1000;
  return delta >= 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(-delta)}`;
}

const LOCAL_DATE_TIME: Intl.DateTimeFormatOptions = {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};
const localDateTime = new Intl.DateTimeFormat("en-GB", LOCAL_DATE_TIME);
const localDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
const localClock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const localDayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
const utcDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const utcDayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export const toMs = (at: number | string | Date): number =>
  typeof at === "number" ? at : typeof at === "string" ? Date.parse(at) : at.getTime();

/** "20 May 2026, 15:30" in the viewer's time zone. */
export const formatDateTime = (at: number | string | Date): string => localDateTime.format(toMs(at));
/** "20 May 2026" in the viewer's time zone. */
export const formatDate = (at: number | string | Date): string => localDate.format(toMs(at));
/** "15:30" (chart ticks within a day or two). */
export const formatClock = (at: number | string | Date): string => localClock.format(toMs(at));
/** "20 May" (chart ticks over longer ranges). */
export const formatDayMonth = (at: number | string | Date): string => localDayMonth.format(toMs(at));
/** "2026-05-20 15:30:12 UTC": the exact time, for hover titles. */
export const formatUtc = (at: number | string | Date): string =>
  `${new Date(toMs(at)).toISOString().slice(0, 19).replace("T", " ")} UTC`;

/** A UTC calendar day ("YYYY-MM-DD", how storage days are kept) as "20 May 2026". */
export const formatDay = (day: string): string => utcDate.format(Date.parse(`${day}T00:00:00Z`));
/** A UTC calendar day as "20 May" (chart ticks). */
export const formatShortDay = (day: string): string => utcDayMonth.format(Date.parse(`${day}T00:00:00Z`));

const utcDateTime = new Intl.DateTimeFormat("en-GB", { ...LOCAL_DATE_TIME, timeZone: "UTC" });
/** "20 May 2026, 15:30 UTC": the same pattern where the viewer's zone is not known (server rendering). */
export const formatDateTimeUtc = (at: number | string | Date): string => `${utcDateTime.format(toMs(at))} UTC`;
