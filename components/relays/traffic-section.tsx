"use client";

import { useState } from "react";
import { seriesMax, stackedMax } from "@/components/charts/chart-theme";
import { byteScale, countScale, durationScale } from "@/lib/shared/chart-scales";
import { Card, Figure } from "@/components/ui/card";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Notice } from "@/components/ui/notice";
import { useRelayTraffic } from "@/lib/client/use-relays";
import type { RelayTraffic, TrafficRange } from "@/lib/relays/traffic";
import { formatBytes } from "@/lib/shared/bytes";
import { formatCount, formatPercent } from "@/lib/shared/format";
import { DateTime } from "@/components/ui/date-time";
import { MarkedChart, type ChartMarker, type ChartSeries } from "./marked-chart";
import { TopDomainsTable } from "./top-domains-table";

const RANGES: { value: TrafficRange; label: string }[] = [
  { value: "48h", label: "48 hours" },
  { value: "14d", label: "14 days" },
  { value: "90d", label: "90 days" },
];

/** Followed / relay estimate / other, stacked: the split every traffic chart shows. */
const SPLIT: ChartSeries[] = [
  { key: "followed", label: "Followed", kind: "bar", color: 0 },
  { key: "relay", label: "Relay estimate", kind: "bar", color: 1 },
  { key: "other", label: "Other", kind: "bar", color: 4 },
];
const SPLIT_KEYS = SPLIT.map((s) => s.key);

/** Incoming traffic and the before/after charts, from the worker's rollups. */
export function TrafficSection({ initial }: { initial?: RelayTraffic }) {
  const [range, setRange] = useState<TrafficRange>(initial?.range ?? "14d");
  const { data, error, isFetching } = useRelayTraffic(range, initial);
  return (
    <Card title="Incoming traffic, before and after">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <ChoiceGroup legend="Chart range" choices={RANGES} value={range} onChange={setRange} />
        {data?.rollup ? (
          <p className="text-xs text-muted">
            Counted by the worker <DateTime at={data.rollup.lastRunAt} relative />
            {data.rollup.caughtUp ? null : (
              <>
                {" "}
                · still counting older posts (reached <DateTime at={data.rollup.countedTo} />)
              </>
            )}
          </p>
        ) : null}
      </div>
      {error ? <Notice tone="bad">{error.message}</Notice> : null}
      {data ? (
        <TrafficBody data={data} fetching={isFetching} />
      ) : error ? null : (
        <p className="text-sm text-muted">Loading…</p>
      )}
    </Card>
  );
}

function TrafficBody({ data, fetching }: { data: RelayTraffic; fetching: boolean }) {
  const size = data.bucket === "hour" ? 3_600_000 : 86_400_000;
  const markers: ChartMarker[] = data.markers
    .map((m) => ({ t: Math.floor(Date.parse(m.at) / size) * size, on: m.on, label: `${m.action} ${m.inboxUrl}` }))
    .filter((m) => m.t >= data.from);
  const posts = data.points.map((p) => ({ t: p.t, followed: p.followed, relay: p.relayEstimate, other: p.other }));
  const media = data.points.map((p) => ({
    t: p.t,
    followed: p.followedMediaBytes,
    relay: p.relayMediaBytes,
    other: p.mediaBytes === null ? null : p.mediaBytes - (p.followedMediaBytes ?? 0) - (p.relayMediaBytes ?? 0),
  }));
  const latency = data.points.map((p) => ({ t: p.t, avg: p.ingressLatency, max: p.ingressLatencyMax }));
  const per = data.bucket === "hour" ? "hour" : "day";
  const { totals } = data;
  const hasLatency = latency.some((p) => p.avg !== null);
  return (
    <div className={`space-y-6 ${fetching ? "opacity-80" : ""}`}>
      {!data.rollup ? (
        <Notice tone="info" title="Not counted yet">
          The worker counts incoming posts every 5 minutes, starting 90 days back; the charts fill in as it goes. Check
          that Howdah&apos;s worker is running (npm run worker, or HOWDAH_WORKER_MODE=inline).
        </Notice>
      ) : null}
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Figure
          label="remote posts"
          value={formatCount(totals.statuses)}
          hint={`${formatCount(totals.boosts)} boosts besides`}
        />
        <Figure
          label="from followed accounts"
          value={formatPercent(totals.statuses ? totals.followed / totals.statuses : 0)}
          hint={formatCount(totals.followed)}
        />
        <Figure
          label="likely via relays (estimate)"
          value={formatPercent(totals.statuses ? totals.relayEstimate / totals.statuses : 0)}
          hint={formatCount(totals.relayEstimate)}
        />
        <Figure
          label="remote media brought"
          value={formatBytes(totals.mediaBytes)}
          hint={`${formatBytes(totals.relayMediaBytes)} with likely relay posts`}
        />
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <div>
          <h3 className="text-sm font-medium">Incoming remote posts per {per}</h3>
          <p className="mb-2 text-xs text-muted">By arrival time; ▲ relay enabled or added, ▼ disabled or removed.</p>
          <MarkedChart
            data={posts}
            bucket={data.bucket}
            markers={markers}
            scale={countScale(stackedMax(posts, SPLIT_KEYS), `posts per ${per}`)}
            label={`Incoming remote posts per ${per}: followed, relay estimate, other`}
            series={SPLIT}
          />
        </div>
        <div>
          <h3 className="text-sm font-medium">Remote media bytes per {per}</h3>
          <p className="mb-2 text-xs text-muted">
            Files and thumbnails of those posts, as Mastodon records their sizes.
          </p>
          <MarkedChart
            data={media}
            bucket={data.bucket}
            markers={markers}
            scale={byteScale(stackedMax(media, SPLIT_KEYS))}
            label={`Remote media bytes per ${per}`}
            series={SPLIT}
          />
        </div>
        <div>
          <h3 className="text-sm font-medium">Ingress queue latency</h3>
          <p className="mb-2 text-xs text-muted">
            How long incoming activities waited in Sidekiq, from the Queues history.
          </p>
          {hasLatency ? (
            <MarkedChart
              data={latency}
              bucket={data.bucket}
              markers={markers}
              scale={durationScale(seriesMax(latency, ["avg", "max"]))}
              label={`Ingress queue latency per ${per}, average and highest`}
              series={[
                { key: "avg", label: "Average", kind: "line", color: 0 },
                { key: "max", label: "Highest", kind: "line", color: 2 },
              ]}
            />
          ) : (
            <p className="text-sm text-muted">
              {data.latencyAvailable
                ? "No ingress samples in this range yet: the worker samples Sidekiq every 10 seconds."
                : "Queue history is not available in Howdah's store."}
            </p>
          )}
        </div>
        <div>
          <h3 className="text-sm font-medium">Top origin servers</h3>
          <p className="mb-2 text-xs text-muted">
            Where this range&apos;s remote posts came from, as of the worker&apos;s last count.
          </p>
          <TopDomainsTable domains={data.topDomains} />
        </div>
      </div>
      <MarkerList data={data} />
    </div>
  );
}

function MarkerList({ data }: { data: RelayTraffic }) {
  if (data.markers.length === 0)
    return <p className="text-sm text-muted">No relay was added, enabled, disabled or removed in this range.</p>;
  const SOURCE = {
    mastodon: "Mastodon's audit log",
    howdah: "Howdah's audit log",
    "relay row": "relay added (row created)",
  } as const;
  return (
    <div>
      <h3 className="mb-2 text-sm font-medium">Relay changes in this range</h3>
      <ul className="space-y-1 text-sm">
        {data.markers.map((m, i) => (
          <li key={i} className="flex flex-wrap gap-x-2">
            <span className={m.on ? "text-ok" : "text-bad"}>
              {m.on ? "▲" : "▼"} {m.action}
            </span>
            <span className="break-all">{m.inboxUrl}</span>
            <span className="text-muted">
              <DateTime at={m.at} />
              {m.by ? ` by @${m.by}` : ""} · {SOURCE[m.source]}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
