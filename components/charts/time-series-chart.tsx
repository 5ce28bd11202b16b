"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ValueScale } from "@/lib/shared/chart-scales";
import { timeTicks } from "@/lib/shared/chart-scales";
import { formatDateTime } from "@/lib/shared/format";
import { ChartFrame } from "@/components/charts/chart-summary";
import { summarizeSeries } from "@/lib/shared/chart-summary";
import { AXIS_PROPS, colorOf, GRID_PROPS, LEGEND_PROPS, loneDot, TOOLTIP_PROPS, type Tone } from "./chart-theme";

export interface Series {
  key: string;
  label: string;
  /** A meaning (failures red, warnings amber, successes green); else a distinct palette colour. */
  tone?: Tone;
  /** Palette index, to keep one thing (a queue) the same colour on every chart. */
  color?: number;
}

/**
 * A dumb time-series line chart: shaped points in, lines out. Null values
 * break the line, so periods without samples show as gaps, and a sample
 * alone between gaps is drawn as a dot. The time axis spans [from, to] with
 * the same ticks on every chart given the same range.
 */
export function TimeSeriesChart({
  data,
  series,
  from,
  to,
  scale,
  height = 220,
  label,
}: {
  data: Record<string, number | null>[];
  series: Series[];
  from: number;
  to: number;
  /** Value ticks, their labels and the tooltip's exact text (lib/shared/chart-scales). */
  scale: ValueScale;
  height?: number;
  /** Accessible name of the chart. */
  label: string;
}) {
  const time = timeTicks(from, to);
  return (
    <ChartFrame
      label={label}
      summary={summarizeSeries(data, series, scale.exact)}
      className="w-full min-w-0"
      data-chart="time-series"
    >
      {/* The unit above the axis (a blank line where the ticks carry it, so charts side by side align). */}
      <p className="text-xs text-muted" aria-hidden="true">
        {scale.unit || "\u00a0"}
      </p>
      <div style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              ticks={time.ticks}
              tickFormatter={time.label}
              interval="preserveStartEnd"
              {...AXIS_PROPS}
            />
            <YAxis
              width={60}
              ticks={scale.ticks}
              domain={[0, scale.ticks.at(-1) ?? "auto"]}
              tickFormatter={scale.tick}
              allowDecimals={false}
              {...AXIS_PROPS}
            />
            <Tooltip
              {...TOOLTIP_PROPS}
              labelFormatter={(t) => formatDateTime(Number(t))}
              formatter={(value, name) => [typeof value === "number" ? scale.exact(value) : "no sample", name]}
            />
            {series.length > 1 ? <Legend {...LEGEND_PROPS} /> : null}
            {series.map((s, i) => {
              const color = colorOf(s, i);
              return (
                <Line
                  key={s.key}
                  type="monotone"
                  dataKey={s.key}
                  name={s.label}
                  stroke={color}
                  strokeWidth={1.75}
                  dot={loneDot(data, s.key, color)}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
