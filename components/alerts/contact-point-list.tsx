"use client";

import { useState } from "react";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { useRemoveContactPoint, useTestContactPoint } from "@/lib/client/use-alerting";
import { CONTACT_POINT_LABELS, type ContactPointView } from "@/lib/shared/alerting-types";
import { secondary } from "./styles";

/** One contact point: where it goes, how the last send went, and "Send test" / "Remove". */
function ContactPoint({ point }: { point: ContactPointView }) {
  const test = useTestContactPoint();
  const remove = useRemoveContactPoint();
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="space-y-2 py-3" aria-label={point.name}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-semibold">{point.name}</p>
        <p className="text-sm text-muted">{CONTACT_POINT_LABELS[point.kind]}</p>
      </div>
      <p className="break-words text-sm">{point.target}</p>
      <p className="text-sm text-muted">
        Last delivered: <DateTime at={point.lastSentAt} unknown="never" />
      </p>
      {point.lastError ? (
        <Notice tone="bad" title="The last send failed">
          {point.lastError} (<DateTime at={point.lastErrorAt} />)
        </Notice>
      ) : null}
      {test.data?.ok ? <Notice>Test sent: check that it arrived.</Notice> : null}
      {test.error ? <Notice tone="bad">{test.error.message}</Notice> : null}
      <div className="flex flex-wrap gap-3">
        <button type="button" className={secondary} disabled={test.isPending} onClick={() => test.mutate(point.id)}>
          {test.isPending ? "Sending…" : "Send test"}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              className="rounded-md bg-bad px-4 py-2 text-sm font-semibold text-on-bad"
              disabled={remove.isPending}
              onClick={() => remove.mutate(point.id)}
            >
              Yes, remove it
            </button>
            <button type="button" className={secondary} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className={secondary} onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )}
      </div>
      {remove.error ? <Notice tone="bad">{remove.error.message}</Notice> : null}
    </li>
  );
}

export function ContactPointList({ points }: { points: ContactPointView[] }) {
  if (points.length === 0) {
    return (
      <p className="text-sm text-muted">No contact points yet: alerts show on the Queues page and reach no one.</p>
    );
  }
  return (
    <ul className="divide-y divide-line">
      {points.map((p) => (
        <ContactPoint key={p.id} point={p} />
      ))}
    </ul>
  );
}
