import "server-only";
/**
 * Times as the status page says them to members: "about 12 minutes",
 * "3 minutes ago", "14 Nov, 09:30 UTC". Plain functions, shared by the page,
 * the feed and the messages.
 */
function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** A lateness or response time, rounded the way people say it. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return plural(Math.max(0.1, Math.round(s * 10) / 10), "second");
  if (s < 90) return plural(Math.round(s), "second");
  const m = s / 60;
  if (m < 90) return plural(Math.round(m), "minute");
  const h = m / 60;
  if (h < 10) return plural(Math.round(h * 2) / 2, "hour");
  if (h < 48) return plural(Math.round(h), "hour");
  return plural(Math.round(h / 24), "day");
}

/** "just now", "40 seconds ago", "3 minutes ago", "2 hours ago", "5 days ago". */
export function ageLabel(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  if (s < 10) return "just now";
  if (s < 60) return `${Math.floor(s / 10) * 10} seconds ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${plural(m, "minute")} ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${plural(h, "hour")} ago`;
  return `${plural(Math.floor(h / 24), "day")} ago`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "14 Nov 2026, 09:30 UTC" (the year only when it is not `nowYear`). */
export function utcDateTime(iso: string, nowYear?: number): string {
  const d = new Date(iso);
  const year = d.getUTCFullYear() === nowYear ? "" : ` ${d.getUTCFullYear()}`;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "14 Nov" from "2026-11-14". */
export function shortDay(day: string): string {
  const [, m, d] = day.split("-").map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]}`;
}
