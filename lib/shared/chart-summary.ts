/**
 * What a chart shows, in words, for screen readers: the chart itself is one
 * image (role="img", named by its label, out of the Tab order: ChartFrame in
 * components/charts/chart-summary.tsx), described by this summary of each
 * series: its latest, lowest and highest value, in the chart's own units.
 */
export function summarizeSeries(
  data: Record<string, unknown>[],
  series: { key: string; label: string }[],
  format: (value: number) => string,
): string {
  const parts = series.map(({ key, label }) => {
    const values = data.map((row) => row[key]).filter((v): v is number => typeof v === "number" && isFinite(v));
    if (values.length === 0) return `${label}: no data`;
    const latest = values.at(-1)!;
    return `${label}: latest ${format(latest)}, lowest ${format(Math.min(...values))}, highest ${format(
      Math.max(...values),
    )}`;
  });
  const points = data.length;
  return `${points} ${points === 1 ? "point" : "points"}. ${parts.join("; ")}.`;
}
