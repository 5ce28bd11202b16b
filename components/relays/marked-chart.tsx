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
import { ChartFrame } from "@/components/charts/chart-summary";
import { summarizeSeries } from "@/lib/shared/chart-summary";
import { AXIS_PROPS, chartColor, fullTime, GRID_PROPS, TOOLTIP_PROPS } from "@/components/charts/chart-theme";

/**
 * A dumb bucketed chart with relay markers: stacked bars or lines per
 * bucket, and a vertical line at each bucket where a relay was switched on
 * (green) or off (red). Null values leave a gap (not counted yet).
 */
export interface ChartSeries {
  key: string;
  label: string;
  kind: "bar" | "line";
  /** Index into the theme's chart colours. */
  color: number;
}

export interface ChartMarker {
  /** The bucket start the marker falls in. */
  t: number;
  on: boolean;
  label: string;
}

const hourTick = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit" });
const dayTick = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const dayFull = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function MarkedChart({
  data,
  series,
  markers,
  bucket,
  format,
  label,
  yTicks,
  yTickFormat,
  height = 230,
}: {
  data: Record<string, number | null>[];
  series: ChartSeries[];
  markers: ChartMarker[];
  bucket: "hour" | "day";
  format: (value: number) => string;
  label: string;
  /** Value-axis ticks and their labels, where the default ones would read oddly (sizes). */
  yTicks?: number[];
  yTickFormat?: (value: number) => string;
  height?: number;
}) {
  const tick = (t: number) => (bucket === "hour" ? hourTick : dayTick).format(t);
  return (
    <ChartFrame label={label} summary={summarizeSeries(data, series, format)} height={height}>
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
            ticks={yTicks}
            domain={yTicks ? [0, yTicks.at(-1) ?? "auto"] : undefined}
            tickFormatter={yTickFormat ?? ((v: number) => (v === 0 ? "0" : format(v)))}
            {...AXIS_PROPS}
          />
          <Tooltip
            {...TOOLTIP_PROPS}
            labelFormatter={(t) => (bucket === "hour" ? fullTime(Number(t)) : dayFull.format(Number(t)))}
            formatter={(value, name) => [typeof value === "number" ? format(value) : "—", name]}
          />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {series.map((s) =>
            s.kind === "bar" ? (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId="stack"
                fill={chartColor(s.color)}
                isAnimationActive={false}
              />
            ) : (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.label}
                stroke={chartColor(s.color)}
                strokeWidth={1.75}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            ),
          )}
          {markers.map((m, i) => (
            <ReferenceLine
              key={`${m.t}-${i}`}
              x={m.t}
              stroke={m.on ? "var(--color-ok)" : "var(--color-bad)"}
              strokeDasharray="4 3"
              strokeWidth={1.5}
              label={{
                value: m.on ? "▲" : "▼",
                position: "top",
                fill: m.on ? "var(--color-ok)" : "var(--color-bad)",
                fontSize: 11,
              }}
              ifOverflow="discard"
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
