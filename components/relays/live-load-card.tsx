"use client";

import { Card, Figure } from "@/components/ui/card";
import { useRelayLoad } from "@/lib/client/use-relays";
import type { QueueLoad } from "@/lib/relays/live-load";
import { formatCount, formatPercent } from "@/lib/shared/format";

/** What the relays weigh on Sidekiq right now, from a bounded sample of each queue. */
export function LiveLoadCard() {
  const { data, error } = useRelayLoad();
  return (
    <Card title="Live relay load">
      {error ? <p className="text-sm text-bad">{error.message}</p> : null}
      {!data ? (
        error ? null : (
          <p className="text-sm text-muted">Sampling the queues…</p>
        )
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <QueueFigure load={data.ingress} title="Incoming (ingress queue)" what="signed by a relay actor" />
            <QueueFigure load={data.push} title="Outgoing (push queue)" what="deliveries to a relay inbox" />
          </div>
          <p className="mt-3 text-xs text-muted">
            Up to {formatCount(data.sampleLimit)} jobs per queue are read, in evenly spaced windows from the oldest to
            the newest, and the share is applied to the whole queue. This is backlog, not throughput: when Sidekiq keeps
            up, the queues are short and so is this.
            {data.relayActors === 0
              ? " No relay actor has contacted this server yet, so no incoming job can be attributed."
              : ""}
          </p>
        </>
      )}
    </Card>
  );
}

const hostOf = (url: string) => url.replace(/^https?:\/\//, "").replace(/\/.*$/, "");

function QueueFigure({ load, title, what }: { load: QueueLoad; title: string; what: string }) {
  return (
    <div>
      <h3 className="mb-2 text-sm font-medium">{title}</h3>
      <Figure
        label={`of ${formatCount(load.size)} waiting jobs ${what}`}
        value={load.sampled ? formatPercent(load.share) : "—"}
        hint={
          load.sampled
            ? `≈ ${formatCount(load.estimatedRelayJobs)} jobs · ` +
              `${formatCount(load.relayJobs)} of ${formatCount(load.sampled)} sampled`
            : "queue empty"
        }
      />
      {load.perRelay.length ? (
        <ul className="mt-2 space-y-1 text-xs">
          {load.perRelay.map((r) => (
            <li key={r.relayId} className="flex justify-between gap-2">
              <span className="min-w-0 truncate" title={r.inboxUrl}>
                {hostOf(r.inboxUrl)}
              </span>
              <span className="tabular-nums">{formatCount(r.jobs)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
