"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import {
  AXIS_PROPS,
  colorOf,
  GRID_PROPS,
  LEGEND_PROPS,
  loneDot,
  TONE_COLORS,
  TOOLTIP_PROPS,
  type Tone,
} from "@/components/charts/chart-theme";
import type { ValueScale } from "@/lib/shared/chart-scales";
import { formatClock, formatDateTime, formatDay, formatDayMonth, formatShortDay } from "@/lib/shared/format";
import { ChartFrame } from "@/components/charts/chart-summary";
import { summarizeSeries } from "@/lib/shared/chart-summary";

/**
 * A dumb bucketed chart with relay markers: stacked bars or lines per
 * bucket, and a vertical line at each bucket where a relay was switched on
 * (green) or off (red). Null values leave a gap (not counted yet); a lone
 * value between gaps is drawn as a dot. Day buckets are UTC days.
 */
export interface ChartSeries {
  key: string;
  label: string;
  kind: "bar" | "line";
  /** Palette index (a distinct colour), unless the series has a meaning (tone). */
  color?: number;
  tone?: Tone;
}

export interface ChartMarker {
  /** The bucket start the marker falls in. */
  t: number;
  on: boolean;
  label: string;
}

const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export function MarkedChart({
  data,
  series,
  markers,
  bucket,
  scale,
  label,
  height = 230,
}: {
  data: Record<string, number | null>[];
  series: ChartSeries[];
  markers: ChartMarker[];
  bucket: "hour" | "day";
  /** Value ticks, their labels and the tooltip's exact text (lib/shared/chart-scales). */
  scale: ValueScale;
  label: string;
  height?: number;
}) {
  const span = data.length > 1 ? Number(data.at(-1)!.t) - Number(data[0]!.t) : 0;
  const tick = (t: number) =>
    bucket === "day" ? formatShortDay(utcDay(t)) : span <= 2 * 86_400_000 ? formatClock(t) : formatDayMonth(t);
  const when = (t: number) =>
    bucket === "day" ? `${formatDay(utcDay(t))} (UTC day)` : `${formatDateTime(t)} to ${formatClock(t + 3_600_000)}`;
  return (
    <ChartFrame
      label={label}
      summary={summarizeSeries(data, series, scale.exact)}
      className="w-full min-w-0"
      data-chart="marked"
    >
      {/* The unit above the axis (a blank line where the ticks carry it, so charts side by side align). */}
      <p className="text-xs text-muted" aria-hidden="true">
        {scale.unit || "\u00a0"}
      </p>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={data}
            margin={{ top: 14, right: 8, bottom: 0, left: 0 }}
            barCategoryGap={1}
            accessibilityLayer={false}
          >
            <CartesianGrid {...GRID_PROPS} />
            <XAxis dataKey="t" tickFormatter={tick} minTickGap={36} {...AXIS_PROPS} />
            <YAxis
              width={64}
              ticks={scale.ticks}
              domain={[0, scale.ticks.at(-1) ?? "auto"]}
              tickFormatter={scale.tick}
              {...AXIS_PROPS}
            />
            <Tooltip
              {...TOOLTIP_PROPS}
              labelFormatter={(t) => when(Number(t))}
              formatter={(value, name) => [typeof value === "number" ? scale.exact(value) : "not counted", name]}
            />
            {series.length > 1 ? <Legend {...LEGEND_PROPS} /> : null}
            {series.map((s, i) =>
              s.kind === "bar" ? (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stackId="stack"
                  fill={colorOf(s, i)}
                  isAnimationActive={false}
                />
              ) : (
                <Line
                  key={s.key}
                  type="monotone"
                  dataKey={s.key}
                  name={s.label}
                  stroke={colorOf(s, i)}
                  strokeWidth={1.75}
                  dot={loneDot(data, s.key, colorOf(s, i))}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ),
            )}
            {markers.map((m, i) => (
              <ReferenceLine
                key={`${m.t}-${i}`}
                x={m.t}
                stroke={m.on ? TONE_COLORS.ok : TONE_COLORS.bad}
                strokeDasharray="4 3"
                strokeWidth={1.5}
                label={{
                  value: m.on ? "▲" : "▼",
                  position: "top",
                  fill: m.on ? TONE_COLORS.ok : TONE_COLORS.bad,
                  fontSize: 12,
                }}
                ifOverflow="discard"
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
