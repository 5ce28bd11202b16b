/**
 * Shared chart styling: colours come from the theme tokens in
 * app/globals.css (never literals), axes and tooltips look the same on
 * every chart, and times are shown in the viewer's own time zone.
 */
export const CHART_COLORS = [
  "var(--color-chart-1)",
  "var(--color-chart-2)",
  "var(--color-chart-3)",
  "var(--color-chart-4)",
  "var(--color-muted)",
  "var(--color-bad)",
  "var(--color-ok)",
] as const;

export const chartColor = (index: number): string => CHART_COLORS[index % CHART_COLORS.length]!;

export const AXIS_PROPS = {
  stroke: "var(--color-line)",
  tick: { fill: "var(--color-muted)", fontSize: 11 },
  tickLine: false,
  axisLine: { stroke: "var(--color-line)" },
} as const;

export const GRID_PROPS = { stroke: "var(--color-line)", strokeDasharray: "3 3", vertical: false } as const;

export const TOOLTIP_PROPS = {
  contentStyle: {
    background: "var(--color-surface)",
    border: "1px solid var(--color-line)",
    borderRadius: 8,
    fontSize: 12,
    color: "var(--color-ink)",
  },
  labelStyle: { color: "var(--color-muted)", marginBottom: 4 },
} as const;

/** Tick labels for a time axis: clock time for spans up to two days, dates beyond. */
export function timeTickFormatter(spanMs: number): (t: number) => string {
  const short = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
  const long = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
  return (t: number) => (spanMs <= 2 * 86_400_000 ? short : long).format(t);
}

export const fullTime = (t: number): string =>
  new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }).format(t);

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
export const compactNumber = (v: number): string => compact.format(v);

/** The tallest stack of `keys` over `rows` (non-numbers count 0): where a stacked chart's value axis must reach. */
export function stackedMax(rows: Record<string, unknown>[], keys: string[]): number {
  let max = 0;
  for (const row of rows) {
    const total = keys.reduce((sum, key) => sum + (typeof row[key] === "number" ? (row[key] as number) : 0), 0);
    if (total > max) max = total;
  }
  return max;
}
