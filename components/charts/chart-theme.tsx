/**
 * One chart style for every page (issue 11, point 3). Colours: meaning first
 * (failures and dead jobs red, warnings and retries amber, successes and
 * "switched on" green, all from the theme's tokens), then a series palette
 * of distinct hues that leaves red, amber and green to those meanings, so no
 * legend reuses a colour. Series colours are CSS variables with a light
 * default; the dark theme can redefine them. Axes and tooltips look the same
 * on every chart; times are the viewer's own, in the site's one format.
 */
import type { CSSProperties } from "react";
import type { ValueScale } from "@/lib/shared/chart-scales";

export const TONE_COLORS = {
  bad: "var(--color-bad)",
  warn: "var(--color-warn)",
  ok: "var(--color-ok)",
  neutral: "var(--color-muted)",
} as const;
export type Tone = keyof typeof TONE_COLORS;

/** Distinct hues, none red, amber or green; enough for Mastodon's seven queues. */
const SERIES_PALETTE = ["#4f46e5", "#0f766e", "#db2777", "#0284c7", "#64748b", "#9333ea", "#1e293b"];
export const SERIES_COUNT = SERIES_PALETTE.length;

export const seriesColor = (index: number): string =>
  `var(--color-series-${(index % SERIES_COUNT) + 1}, ${SERIES_PALETTE[index % SERIES_COUNT]})`;

/** A series' colour: its meaning when it has one, else its place in the palette. */
export const colorOf = (s: { tone?: Tone; color?: number }, index: number): string =>
  s.tone ? TONE_COLORS[s.tone] : seriesColor(s.color ?? index);

export const AXIS_PROPS = {
  stroke: "var(--color-line)",
  tick: { fill: "var(--color-muted)", fontSize: 12 },
  tickLine: false,
  axisLine: { stroke: "var(--color-line)" },
} as const;

/** A value axis in whole steps of one unit, from zero to the scale's last tick. */
export const valueAxisProps = (scale: ValueScale) =>
  ({
    ticks: scale.ticks,
    domain: [0, scale.ticks.at(-1) ?? "auto"],
    tickFormatter: scale.tick,
    allowDecimals: false,
    ...AXIS_PROPS,
  }) as const;

export const GRID_PROPS = { stroke: "var(--color-line)", strokeDasharray: "3 3", vertical: false } as const;

export const TOOLTIP_PROPS = {
  separator: ": ",
  contentStyle: {
    background: "var(--color-surface)",
    border: "1px solid var(--color-line)",
    borderRadius: 8,
    fontSize: 13,
    color: "var(--color-ink)",
  },
  labelStyle: { color: "var(--color-muted)", marginBottom: 4 },
  // Off the Tab order: the figure's caption and the page's tables carry the same figures.
  wrapperStyle: { outline: "none" } as CSSProperties,
} as const;

export const LEGEND_PROPS = { wrapperStyle: { fontSize: 13 } } as const;

/** Where a stacked chart's value axis must reach: the tallest stack of `keys` over `rows`. */
export function stackedMax(rows: Record<string, unknown>[], keys: string[]): number {
  let max = 0;
  for (const row of rows) {
    const total = keys.reduce((sum, key) => sum + (typeof row[key] === "number" ? (row[key] as number) : 0), 0);
    if (total > max) max = total;
  }
  return max;
}

/** The highest single value of `keys` over `rows`. */
export function seriesMax(rows: Record<string, unknown>[], keys: string[]): number {
  let max = 0;
  for (const row of rows)
    for (const key of keys) if (typeof row[key] === "number" && (row[key] as number) > max) max = row[key] as number;
  return max;
}

/**
 * Recharts' `dot` for a line: a dot only where a value has no value beside
 * it (a lone sample between gaps, or a series of one point), which a line
 * alone would not draw at all.
 */
export function loneDot(rows: Record<string, unknown>[], key: string, color: string) {
  const has = (i: number) => typeof rows[i]?.[key] === "number";
  function LoneDot(props: { cx?: number; cy?: number; index?: number }) {
    const { cx, cy, index = -1 } = props;
    if (cx === undefined || cy === undefined || !has(index) || has(index - 1) || has(index + 1))
      return <g key={`none-${index}`} />;
    return <circle key={`lone-${index}`} data-lone-point="" cx={cx} cy={cy} r={3.5} fill={color} stroke={color} />;
  }
  return LoneDot;
}
