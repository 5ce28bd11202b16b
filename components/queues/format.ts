import { formatDuration } from "@/lib/shared/duration";

export { formatDuration };

const integer = new Intl.NumberFormat("en");
/** Null: the figure could not be read (its key in Sidekiq's Redis holds something else). */
export const formatCount = (n: number | null): string => (n === null ? "unknown" : integer.format(Math.round(n)));

/** "12 s ago", "3 min ago" (or "in 4 min" for the future). */
export function formatAgo(ms: number | null, now = Date.now()): string {
  if (ms === null) return "—";
  const delta = (now - ms) / 1000;
  return delta >= 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(-delta)}`;
}

export const formatTime = (ms: number | null): string =>
  ms === null ? "—" : new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }).format(ms);

export const formatRate = (perMinute: number | null): string =>
  perMinute === null ? "—" : `${integer.format(Math.round(perMinute))}/min`;

/** "45s", "12m", "3h", "2d": for chart axes. */
export function formatDurationShort(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3_600) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3_600)}h`;
  return `${Math.round(s / 86_400)}d`;
}
