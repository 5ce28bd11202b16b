"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import {
  AXIS_PROPS,
  GRID_PROPS,
  LEGEND_PROPS,
  loneDot,
  seriesColor,
  stackedMax,
  TONE_COLORS,
  TOOLTIP_PROPS,
} from "@/components/charts/chart-theme";
import { byteScale } from "@/lib/shared/chart-scales";
import { formatDay, formatShortDay } from "@/lib/shared/format";
import { ChartFrame } from "@/components/charts/chart-summary";
import { summarizeSeries } from "@/lib/shared/chart-summary";

/**
 * Dumb daily charts for the storage pages: one point per UTC day, sizes on
 * the value axis (whole steps of one binary unit; exact sizes in the
 * tooltip). Shared axis, grid, tooltip and colours come from components/charts.
 */
export interface BarSeries {
  key: string;
  label: string;
}

export function DailyBars({
  data,
  series,
  label,
  height = 220,
}: {
  data: Record<string, string | number | null>[];
  series: BarSeries[];
  label: string;
  height?: number;
}) {
  const scale = byteScale(
    stackedMax(
      data,
      series.map((s) => s.key),
    ),
  );
  return (
    <ChartFrame
      label={label}
      summary={summarizeSeries(data, series, scale.exact)}
      style={{ height }}
      className="w-full min-w-0"
      data-chart="daily-bars"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis dataKey="day" tickFormatter={formatShortDay} minTickGap={24} {...AXIS_PROPS} />
          <YAxis
            width={72}
            ticks={scale.ticks}
            domain={[0, scale.ticks.at(-1) ?? "auto"]}
            tickFormatter={scale.tick}
            {...AXIS_PROPS}
          />
          <Tooltip
            {...TOOLTIP_PROPS}
            labelFormatter={(d) => `${formatDay(String(d))} (UTC day)`}
            formatter={(v, name) => [scale.exact(Number(v)), name]}
          />
          {series.length > 1 ? <Legend {...LEGEND_PROPS} /> : null}
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="a"
              fill={seriesColor(i)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function DailyLine({
  data,
  dataKey,
  name,
  label,
  capacity,
  height = 220,
}: {
  data: Record<string, string | number | null>[];
  dataKey: string;
  name: string;
  label: string;
  capacity?: number | null;
  height?: number;
}) {
  // From zero, so a small change in a large total is not drawn as a cliff.
  const scale = byteScale(stackedMax(data, [dataKey]));
  const points = data.filter((row) => typeof row[dataKey] === "number").length;
  const color = seriesColor(0);
  return (
    <ChartFrame
      label={label}
      summary={summarizeSeries(data, [{ key: dataKey, label: name }], scale.exact)}
      style={{ height }}
      className="w-full min-w-0"
      data-chart="daily-line"
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis dataKey="day" tickFormatter={formatShortDay} minTickGap={24} {...AXIS_PROPS} />
          <YAxis
            width={72}
            ticks={scale.ticks}
            domain={[0, scale.ticks.at(-1) ?? "auto"]}
            tickFormatter={scale.tick}
            {...AXIS_PROPS}
          />
          <Tooltip
            {...TOOLTIP_PROPS}
            labelFormatter={(d) => `${formatDay(String(d))} (UTC day)`}
            formatter={(v, n) => [v === null || v === undefined ? "no snapshot" : scale.exact(Number(v)), n]}
          />
          {capacity ? (
            <ReferenceLine
              y={capacity}
              stroke={TONE_COLORS.bad}
              strokeDasharray="4 4"
              label={{ value: "capacity", fill: TONE_COLORS.bad, fontSize: 12, position: "insideTopRight" }}
            />
          ) : null}
          <Line
            type="monotone"
            dataKey={dataKey}
            name={name}
            stroke={color}
            strokeWidth={1.75}
            dot={points <= 14 ? { r: 3, fill: color, stroke: color } : loneDot(data, dataKey, color)}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
