"use client";

import { useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  AXIS_PROPS,
  GRID_PROPS,
  TONE_COLORS,
  TOOLTIP_PROPS,
  seriesColor,
  valueAxisProps,
} from "@/components/charts/chart-theme";
import { ChartFrame } from "@/components/charts/chart-summary";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useRecommendation } from "@/lib/client/use-retention";
import type { RecommendationView } from "@/lib/retention/recommend";
import { byteScale } from "@/lib/shared/chart-scales";
import { formatBytes } from "@/lib/shared/format";
import { BUTTON } from "./retention-settings-form";

const FIELD = "min-h-11 w-full rounded-md border border-line bg-surface px-3 py-2 text-base sm:text-sm";

/**
 * The recommended media-cache period: the admin gives a capacity (or uses
 * the Storage page's), a fill level and a horizon; the answer comes with the
 * curve it is read from (days of cache → bytes the cache holds) against what
 * the disk leaves for the cache by then.
 */
export function RecommendationCard() {
  const [draft, setDraft] = useState({ capacity: "", fill: "80", horizonDays: "365" });
  const [asked, setAsked] = useState(draft);
  const query = useRecommendation(asked);
  const field = (name: keyof typeof draft) => ({
    value: draft[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [name]: e.target.value }),
  });
  return (
    <Card title="Recommended media cache period">
      <form
        aria-label="Recommended media cache period"
        className="flex flex-col gap-4 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(draft);
        }}
      >
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <label className="flex flex-col gap-1">
            Capacity of the disk or bucket
            <input className={FIELD} placeholder="As on the Storage page" {...field("capacity")} />
          </label>
          <label className="flex flex-col gap-1">
            Stay under (% full)
            <input className={FIELD} inputMode="numeric" {...field("fill")} />
          </label>
          <label className="flex flex-col gap-1">
            For the next (days)
            <input className={FIELD} inputMode="numeric" {...field("horizonDays")} />
          </label>
        </div>
        <div>
          <button type="submit" className={`${BUTTON} border border-line bg-surface hover:bg-canvas`}>
            Recommend a period
          </button>
        </div>
        {query.error ? <Notice tone="bad">{query.error.message}</Notice> : null}
        {query.isFetching ? <p className="text-muted">Working it out…</p> : null}
        {query.data && !query.isFetching ? <Answer view={query.data} /> : null}
      </form>
    </Card>
  );
}

function Answer({ view }: { view: RecommendationView }) {
  if (view.status !== "ready") return <p>{view.summary}</p>;
  const r = view.recommendation;
  return (
    <div className="flex flex-col gap-3">
      <Notice tone={r.kind === "none" ? "warn" : "info"} title={r.kind === "period" ? `${r.days} days` : undefined}>
        <p>{view.summary}</p>
      </Notice>
      <p className="text-muted">
        Capacity {formatBytes(view.capacityBytes)} ({view.capacityFrom}); held now {formatBytes(view.usedBytes)}
        {view.includesDatabase ? " with the database" : ""}, of which {formatBytes(view.cacheBytes)} is the remote
        cache. The remote cache receives about {formatBytes(view.cachePerDay)} a day (average of the last{" "}
        {view.rateWindowDays} days); the rest grows about {formatBytes(view.restPerDay)} a day and will hold{" "}
        {formatBytes(view.restAtHorizon)} by then, which leaves{" "}
        {view.cacheBudget > 0 ? formatBytes(view.cacheBudget) : "nothing"} for the cache. With the cleanup off the cache
        would hold {formatBytes(view.cacheOffAtHorizon)}.
      </p>
      <CurveChart view={view} />
      <table className="w-full text-left">
        <caption className="text-left text-muted">Days of cache → bytes the cache holds</caption>
        <thead>
          <tr className="text-muted">
            <th className="py-1 pr-2 font-medium">Period</th>
            <th className="py-1 pr-2 font-medium">Cache holds</th>
            <th className="py-1 font-medium">Fits</th>
          </tr>
        </thead>
        <tbody>
          {view.curve.map((p) => (
            <tr key={p.days} className="border-t border-line">
              <th scope="row" className="py-1 pr-2 font-normal">
                {p.days} days
              </th>
              <td className="py-1 pr-2">{formatBytes(p.bytes)}</td>
              <td className="py-1">{p.bytes <= view.cacheBudget ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CurveChart({ view }: { view: Extract<RecommendationView, { status: "ready" }> }) {
  const scale = byteScale(Math.max(view.cacheBudget, ...view.curve.map((p) => p.bytes), 1));
  const summary =
    `Cache held at ${view.curve.map((p) => `${p.days} days: ${formatBytes(p.bytes)}`).join(", ")}; ` +
    `room for the cache: ${formatBytes(Math.max(0, view.cacheBudget))}.`;
  return (
    <ChartFrame label="Days of cache against the bytes the cache holds" summary={summary} className="w-full min-w-0">
      <div style={{ height: 220 }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={view.curve} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis dataKey="days" type="number" domain={[0, "dataMax"]} unit=" d" {...AXIS_PROPS} />
            <YAxis width={60} {...valueAxisProps(scale)} />
            <Tooltip
              {...TOOLTIP_PROPS}
              labelFormatter={(d) => `${d} days of cache`}
              formatter={(value) => [typeof value === "number" ? scale.exact(value) : "", "Cache holds"]}
            />
            {view.cacheBudget > 0 ? (
              <ReferenceLine y={view.cacheBudget} stroke={TONE_COLORS.warn} strokeDasharray="4 4" />
            ) : null}
            <Line
              type="monotone"
              dataKey="bytes"
              stroke={seriesColor(0)}
              strokeWidth={1.75}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
