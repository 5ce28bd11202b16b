"use client";

import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { seriesMax } from "@/components/charts/chart-theme";
import { Figure } from "@/components/ui/card";
import { Fold } from "@/components/ui/fold";
import { Notice } from "@/components/ui/notice";
import { ScrollBox } from "@/components/ui/scroll-box";
import { useTriageFigures } from "@/lib/client/use-reports";
import { countScale } from "@/lib/shared/chart-scales";
import { formatDuration } from "@/lib/shared/duration";
import { formatCount } from "@/lib/shared/format";

const DAY_MS = 86_400_000;
const duration = (seconds: number | null) => (seconds === null ? "—" : formatDuration(seconds));

/**
 * How triage is going: the open queue now, and over 30 days the median time
 * to a first action and to resolution, overall and per moderator, with the
 * reports received and resolved per day.
 */
export function TriageFiguresPanel() {
  const { data, error } = useTriageFigures();
  const series = [
    { key: "received", label: "received", tone: "warn" as const },
    { key: "resolved", label: "resolved", tone: "ok" as const },
  ];
  const rows = (data?.window.daily ?? []).map((d) => ({
    t: Date.parse(`${d.day}T00:00:00Z`),
    received: d.received,
    resolved: d.resolved,
  }));
  const now = data ? Date.parse(data.at) : 0;
  const age = (at: string | null) => (at === null ? "—" : duration(Math.max(0, (now - Date.parse(at)) / 1000)));
  return (
    <Fold id="triage-figures" title="Triage figures">
      {error ? <Notice tone="warn">The figures could not be read: {error.message}</Notice> : null}
      {data ? (
        <div className="space-y-4">
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            <Figure label="open reports" value={formatCount(data.open.open)} />
            <Figure label="oldest unassigned" value={age(data.open.oldestUnassignedAt)} />
            <Figure
              label={`median to first action (${data.window.days} d)`}
              value={duration(data.window.medianFirstActionSeconds)}
              hint={`${formatCount(data.window.firstActions)} reports`}
            />
            <Figure
              label={`median to resolution (${data.window.days} d)`}
              value={duration(data.window.medianResolutionSeconds)}
              hint={`${formatCount(data.window.resolved)} resolved`}
            />
          </div>
          {rows.length > 0 ? (
            <TimeSeriesChart
              label="Reports received and resolved per day"
              data={rows}
              series={series}
              from={rows[0]!.t}
              to={rows.at(-1)!.t + DAY_MS - 1}
              scale={countScale(
                seriesMax(
                  rows,
                  series.map((s) => s.key),
                ),
                "reports per day",
              )}
              height={180}
            />
          ) : null}
          {data.window.moderators.length > 0 ? (
            <ScrollBox label="Per moderator">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Triage per moderator over {data.window.days} days</caption>
                <thead>
                  <tr className="text-muted">
                    <th className="py-1 pr-3 font-medium">Moderator</th>
                    <th className="py-1 pr-3 font-medium">First actions</th>
                    <th className="py-1 pr-3 font-medium">Median to first action</th>
                    <th className="py-1 pr-3 font-medium">Resolved</th>
                    <th className="py-1 font-medium">Median to resolution</th>
                  </tr>
                </thead>
                <tbody>
                  {data.window.moderators.map((m, i) => (
                    <tr key={m.moderator?.id ?? `gone-${i}`} className="border-t border-line">
                      <td className="py-1 pr-3">{m.moderator?.acct ?? "a removed account"}</td>
                      <td className="py-1 pr-3 tabular-nums">{formatCount(m.firstActions)}</td>
                      <td className="py-1 pr-3">{duration(m.medianFirstActionSeconds)}</td>
                      <td className="py-1 pr-3 tabular-nums">{formatCount(m.resolved)}</td>
                      <td className="py-1">{duration(m.medianResolutionSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-muted">Reading the figures…</p>
      )}
    </Fold>
  );
}
