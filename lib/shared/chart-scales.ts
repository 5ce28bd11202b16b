/**
 * Axis ticks and value texts for every chart: ticks at whole, round steps of
 * one unit that the axis names ("0, 10 min, 20 min, 30 min", never
 * "27m, 20m, 13m"), and exact values with their unit for tooltips
 * ("29.75 jobs/min", "27 min 3 s", "1.20 GiB (1,288,490,188 bytes)").
 */
import { byteAxisTicks, formatBytes, formatByteTick } from "./bytes";
import { formatClock, formatCount, formatDayMonth, formatNumber } from "./format";

/** 0 and round steps (1, 2 or 5 × 10ⁿ, at least 1) up to at least `max`: whole-number ticks. */
export function countTicks(max: number, most = 5): number[] {
  const top = max > 0 ? max : 1;
  const magnitude = 10 ** Math.floor(Math.log10(top / most));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * magnitude).find((s) => Math.ceil(top / s) <= most)!,
  );
  const ticks = [0];
  while (ticks.at(-1)! < top) ticks.push(ticks.at(-1)! + step);
  return ticks;
}

const DURATION_UNITS = [
  { unit: "s", seconds: 1 },
  { unit: "min", seconds: 60 },
  { unit: "h", seconds: 3_600 },
  { unit: "d", seconds: 86_400 },
] as const;

/**
 * A duration axis up to `maxSeconds`: one unit for the whole axis (the
 * largest the top value reaches twice over) and whole steps of it.
 */
export function durationTicks(
  maxSeconds: number,
  most = 5,
): { ticks: number[]; unit: string; label: (s: number) => string } {
  const top = maxSeconds > 0 ? maxSeconds : 1;
  const chosen = [...DURATION_UNITS].reverse().find((u) => top >= 2 * u.seconds) ?? DURATION_UNITS[0];
  const ticks = countTicks(top / chosen.seconds, most).map((t) => t * chosen.seconds);
  return {
    ticks,
    unit: chosen.unit,
    label: (s) => (s === 0 ? "0" : `${formatCount(s / chosen.seconds)} ${chosen.unit}`),
  };
}

/** "42.5 s", "27 min 3 s", "3 h 20 min", "2 d 4 h": a duration exactly enough for a tooltip. */
export function formatDurationExact(seconds: number): string {
  if (seconds < 60) return `${formatNumber(Math.round(seconds * 10) / 10)} s`;
  const s = Math.round(seconds);
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), "d"],
    [Math.floor((s % 86_400) / 3_600), "h"],
    [Math.floor((s % 3_600) / 60), "min"],
    [s % 60, "s"],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(" ");
}

/** How a chart's values read: its ticks, a tick label, and an exact tooltip text. */
export interface ValueScale {
  ticks: number[];
  tick: (value: number) => string;
  exact: (value: number) => string;
  /** The unit named above the axis ("jobs per minute"); "" where every tick carries its unit ("10 min", "2 GiB"). */
  unit: string;
}

export function countScale(max: number, unit: string): ValueScale {
  return {
    ticks: countTicks(max),
    tick: (v) => formatCount(v),
    exact: (v) => `${formatNumber(v)} ${unit}`,
    unit,
  };
}

export function durationScale(maxSeconds: number): ValueScale {
  const axis = durationTicks(maxSeconds);
  return { ticks: axis.ticks, tick: axis.label, exact: formatDurationExact, unit: "" };
}

export function byteScale(max: number): ValueScale {
  return {
    ticks: byteAxisTicks(max),
    tick: formatByteTick,
    exact: (v) => (v < 1024 ? formatBytes(v) : `${formatBytes(v, 2)} (${formatCount(v)} bytes)`),
    unit: "",
  };
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const TIME_STEPS = [
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
];

/**
 * Time-axis ticks for [from, to]: the smallest round step giving at most
 * `most` ticks, on the viewer's local clock (whole hours, local midnights),
 * and a label that says as much as the step needs ("14:30" within a day,
 * "20 May" beyond). Every chart of a page gets the same ticks from the same range.
 */
export function timeTicks(from: number, to: number, most = 7): { ticks: number[]; label: (t: number) => string } {
  const span = Math.max(1, to - from);
  const step = TIME_STEPS.find((s) => span / s <= most) ?? Math.ceil(span / most / DAY) * DAY;
  const offset = new Date(from).getTimezoneOffset() * MINUTE;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return { ticks, label: step < DAY ? formatClock : formatDayMonth };
}
