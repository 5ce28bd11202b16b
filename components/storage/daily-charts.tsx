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
import { AXIS_PROPS, chartColor, GRID_PROPS, stackedMax, TOOLTIP_PROPS } from "@/components/charts/chart-theme";
import { ChartFrame } from "@/components/charts/chart-summary";
import { summarizeSeries } from "@/lib/shared/chart-summary";
import { byteAxisTicks, formatBytes, formatByteTick } from "@/lib/shared/bytes";
import { formatDay, formatShortDay } from "./format";

/**
 * Dumb daily charts for the storage pages: one point per UTC day, sizes on
 * the value axis. Shared axis, grid, tooltip and colours come from
 * components/charts.
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
  const ticks = byteAxisTicks(
    stackedMax(
      data,
      series.map((s) => s.key),
    ),
  );
  return (
    <ChartFrame label={label} summary={summarizeSeries(data, series, formatBytes)} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis dataKey="day" tickFormatter={formatShortDay} minTickGap={24} {...AXIS_PROPS} />
          <YAxis
            width={72}
            ticks={ticks}
            domain={[0, ticks.at(-1) ?? "auto"]}
            tickFormatter={formatByteTick}
            {...AXIS_PROPS}
          />
          <Tooltip
            {...TOOLTIP_PROPS}
            labelFormatter={(d) => formatDay(String(d))}
            formatter={(v, name) => [formatBytes(Number(v)), name]}
          />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="a"
              fill={chartColor(i)}
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
  const ticks = byteAxisTicks(stackedMax(data, [dataKey]));
  const points = data.filter((row) => typeof row[dataKey] === "number").length;
  return (
    <ChartFrame
      label={label}
      summary={summarizeSeries(data, [{ key: dataKey, label: name }], formatBytes)}
      height={height}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis dataKey="day" tickFormatter={formatShortDay} minTickGap={24} {...AXIS_PROPS} />
          <YAxis
            width={72}
            ticks={ticks}
            domain={[0, ticks.at(-1) ?? "auto"]}
            tickFormatter={formatByteTick}
            {...AXIS_PROPS}
          />
          <Tooltip
            {...TOOLTIP_PROPS}
            labelFormatter={(d) => formatDay(String(d))}
            formatter={(v, n) => [v === null || v === undefined ? "—" : formatBytes(Number(v)), n]}
          />
          {capacity ? (
            <ReferenceLine
              y={capacity}
              stroke="var(--color-bad)"
              strokeDasharray="4 4"
              label={{ value: "capacity", fill: "var(--color-bad)", fontSize: 11, position: "insideTopRight" }}
            />
          ) : null}
          <Line
            type="monotone"
            dataKey={dataKey}
            name={name}
            stroke={chartColor(0)}
            strokeWidth={1.75}
            dot={points <= 14}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
