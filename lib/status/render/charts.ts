import "server-only";
import { humanDuration, shortDay } from "../format";
import type { ResponsePoint, UptimeDay } from "@/lib/shared/status-types";
import { esc } from "./html";

/**
 * The page's two pictures as inline SVG, a few kilobytes in all: one bar per
 * day for uptime (one <path> per colour, not one element per day) and a line
 * of response times. Each has a text equivalent beside it, so neither colour
 * nor the picture is the only way to read it.
 */

/**
 * A day counts as down (or slow) when it was so for two minutes or more (four
 * readings), so one lost probe does not paint a day red; or for half of the
 * time measured that day, so a day with few readings is not shown green.
 */
export const NOTABLE_SECONDS = 120;

export type DayState = "operational" | "degraded" | "outage" | "none";

export function dayState(day: UptimeDay): DayState {
  const measured = day.operational + day.degraded + day.outage;
  if (measured === 0) return "none";
  const notable = (seconds: number) => seconds > 0 && (seconds >= NOTABLE_SECONDS || seconds >= measured / 2);
  if (notable(day.outage)) return "outage";
  if (notable(day.degraded + day.outage)) return "degraded";
  return "operational";
}

export interface UptimeSummary {
  /** Share of measured time not in an outage, 0..100, floored to two decimals; null with no readings. */
  percent: number | null;
  /** The first day with readings, when that is inside the period (readings began recently). */
  since: string | null;
  down: string[];
  slow: string[];
}

export function summarizeUptime(days: UptimeDay[]): UptimeSummary {
  let measured = 0;
  let outage = 0;
  const down: string[] = [];
  const slow: string[] = [];
  for (const d of days) {
    measured += d.operational + d.degraded + d.outage;
    outage += d.outage;
    const s = dayState(d);
    if (s === "outage") down.unshift(d.day);
    else if (s === "degraded") slow.unshift(d.day);
  }
  const percent =
    measured === 0 ? null : outage === 0 ? 100 : Math.floor(((measured - outage) / measured) * 10_000) / 100;
  const first = days.findIndex((d) => d.operational + d.degraded + d.outage > 0);
  return { percent, since: first > 0 ? days[first]!.day : null, down, slow };
}

function dayList(days: string[]): string {
  const shown = days.slice(0, 3).map(shortDay).join(", ");
  return days.length > 3 ? `${shown} and ${days.length - 3} more` : shown;
}

export function uptimeText(summary: UptimeSummary, days: number): string {
  if (summary.percent === null) return `No readings in the last ${days} days yet`;
  const parts = [
    `${summary.percent}% uptime ${summary.since ? `since ${shortDay(summary.since)}` : `over ${days} days`}`,
  ];
  if (summary.down.length) parts.push(`down on ${dayList(summary.down)}`);
  if (summary.slow.length) parts.push(`slow on ${dayList(summary.slow)}`);
  return parts.join("; ");
}

/** "12 min", "under a minute", "2 h 5 min" for seconds spent in a state. */
export function minutesText(seconds: number): string {
  if (seconds <= 0) return "0 min";
  if (seconds < 60) return "under a minute";
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;
}

const DAY_WORDS: Record<DayState, string> = {
  operational: "working",
  degraded: "slow",
  outage: "down",
  none: "no readings",
};

/** One day in words: "14 Nov: slow; slow 12 min, down 3 min", or just "14 Nov: working" when neither. */
export function dayText(d: UptimeDay): string {
  const state = dayState(d);
  if (state === "none") return `${shortDay(d.day)}: no readings`;
  if (d.degraded + d.outage === 0) return `${shortDay(d.day)}: working`;
  return `${shortDay(d.day)}: ${DAY_WORDS[state]}; slow ${minutesText(d.degraded)}, down ${minutesText(d.outage)}`;
}

/**
 * One bar per day, each with its own words in a <title>: shown on hover, and
 * by the page's script under the bars on tap or click. Keyboard and
 * screen-reader users, and readers without script, get the same words from
 * the day-by-day list (dayDetails) instead of 90 stops per component.
 */
export function uptimeBars(days: UptimeDay[], label: string): string {
  const bars = days
    .map(
      (d, i) =>
        `<rect x="${i}" width=".72" height="8" class="d-${dayState(d)}"><title>${esc(dayText(d))}</title></rect>`,
    )
    .join("");
  return (
    `<svg class="bars" viewBox="0 0 ${days.length} 8" preserveAspectRatio="none" role="img" ` +
    `aria-label="${esc(label)}">${bars}</svg>`
  );
}

/** The days with slow or down time, newest first, in a disclosure a reader opens by click, tap or keyboard. */
export function dayDetails(days: UptimeDay[], name: string): string {
  const notable = days.filter((d) => d.degraded + d.outage > 0).reverse();
  const items = notable.length
    ? `<ul class="days">${notable.map((d) => `<li>${esc(dayText(d))}</li>`).join("")}</ul>`
    : `<p>No slow or down time measured on any day.</p>`;
  return (
    `<details class="daylist"><summary>Day by day<span class="vh"> for ${esc(name)}</span></summary>` +
    `${items}<p>Days are UTC days; every other day with readings was working all day.</p></details>`
  );
}

const NICE = [50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10_000, 20_000, 60_000];

export interface ResponseSummary {
  averageMs: number | null;
  worstMs: number | null;
}

export function summarizeResponses(points: ResponsePoint[]): ResponseSummary {
  const values = points.map((p) => p.ms).filter((v): v is number => v !== null);
  if (!values.length) return { averageMs: null, worstMs: null };
  return { averageMs: values.reduce((a, b) => a + b, 0) / values.length, worstMs: Math.max(...values) };
}

export function responseText(summary: ResponseSummary): string {
  if (summary.averageMs === null) return "No answers measured in the last 24 hours";
  return `Average ${humanDuration(summary.averageMs)}; slowest quarter-hour ${humanDuration(summary.worstMs ?? 0)}`;
}

/** A 24-hour line ending at `endIso`; gaps (no sample, or no answer) break the line. */
export function responseChart(points: ResponsePoint[], endIso: string, slowMs: number, label: string): string {
  const width = 288;
  const height = 64;
  const end = Date.parse(endIso);
  const start = end - 24 * 3_600_000;
  const worst = Math.max(0, ...points.map((p) => p.ms ?? 0));
  // Room for the "slow" line too, so the dashed line the caption speaks of is always drawn.
  const highest = Math.max(worst * 1.1, slowMs * 1.25);
  const top = NICE.find((n) => n >= highest) ?? Math.ceil(highest / 10_000) * 10_000;
  const x = (iso: string) => (((Date.parse(iso) - start) / (end - start)) * width).toFixed(1);
  const y = (ms: number) => (height - (Math.min(ms, top) / top) * height).toFixed(1);
  const segments: string[][] = [];
  let previous = -Infinity;
  for (const p of points) {
    const t = Date.parse(p.at);
    if (t < start || p.ms === null) {
      previous = -Infinity;
      continue;
    }
    if (t - previous > 16 * 60_000 || !segments.length) segments.push([]);
    segments[segments.length - 1]!.push(`${x(p.at)},${y(p.ms)}`);
    previous = t;
  }
  // A lone point is drawn as a short dash, so it shows without being distorted by the stretched view box.
  const lines = segments
    .map((s) => {
      if (s.length > 1) return `<polyline points="${s.join(" ")}"/>`;
      const [px, py] = s[0]!.split(",").map(Number) as [number, number];
      return (
        `<polyline points="${Math.max(0, px - 1.5).toFixed(1)},${py} ` +
        `${Math.min(width, px + 1.5).toFixed(1)},${py}"/>`
      );
    })
    .join("");
  const slowLine = `<line class="slow" x1="0" x2="${width}" y1="${y(slowMs)}" y2="${y(slowMs)}"/>`;
  return (
    `<svg class="line" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" ` +
    `aria-label="${esc(label)}">` +
    `<line class="axis" x1="0" x2="${width}" y1="${height}" y2="${height}"/>${slowLine}<g ` +
    `class="series">${lines}</g></svg>` +
    `<div class="scale"><span>24 h ago</span><span>top: ${esc(humanDuration(top))}</span><span>now</span></div>`
  );
}
