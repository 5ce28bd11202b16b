"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  AXIS_PROPS,
  chartColor,
  compactNumber,
  fullTime,
  GRID_PROPS,
  timeTickFormatter,
  TOOLTIP_PROPS,
} from "./chart-theme";
import { summarizeSeries } from "@/lib/shared/chart-summary";
import { ChartFrame } from "./chart-summary";

export interface Series {
  key: string;
  label: string;
}

/**
 * A dumb time-series line chart: shaped points in, lines out. Null values
 * break the line, so periods without samples show as gaps.
 */
export function TimeSeriesChart({
  data,
  series,
  from,
  to,
  height = 220,
  format = compactNumber,
  label,
}: {
  data: Record<string, number | null>[];
  series: Series[];
  from: number;
  to: number;
  height?: number;
  format?: (value: number) => string;
  /** Accessible name of the chart. */
  label: string;
}) {
  return (
    <ChartFrame label={label} summary={summarizeSeries(data, series, format)} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[from, to]}
            tickFormatter={timeTickFormatter(to - from)}
            minTickGap={40}
            {...AXIS_PROPS}
          />
          <YAxis width={44} tickFormatter={(v: number) => format(v)} allowDecimals={false} {...AXIS_PROPS} />
          <Tooltip
            {...TOOLTIP_PROPS}
            labelFormatter={(t) => fullTime(Number(t))}
            formatter={(value, name) => [typeof value === "number" ? format(value) : String(value ?? "—"), name]}
          />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={chartColor(i)}
              strokeWidth={1.75}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
