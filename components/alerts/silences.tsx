"use client";

import { useState } from "react";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { useAddSilence, useEndSilence } from "@/lib/client/use-alerting";
import type { SilenceView } from "@/lib/shared/alerting-types";
import { field, primary, secondary } from "./styles";

/** Silences under way (each with "End now") and a form for a new one, with its length typed as "2h". */
export function Silences({ silences }: { silences: SilenceView[] }) {
  const add = useAddSilence();
  const end = useEndSilence();
  const [matcher, setMatcher] = useState("");
  const [duration, setDuration] = useState("2h");
  const [comment, setComment] = useState("");
  return (
    <div className="space-y-4">
      {silences.length ? (
        <ul className="divide-y divide-line">
          {silences.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <code className="font-semibold">{s.matcher}</code> until <DateTime at={s.endsAt} />
                {s.comment ? ` · ${s.comment}` : ""}
                {s.createdBy ? ` · @${s.createdBy}` : ""}
              </span>
              <button type="button" className={secondary} onClick={() => end.mutate(s.id)} disabled={end.isPending}>
                End now
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">Nothing is silenced.</p>
      )}
      <form
        noValidate
        aria-label="Silence alerts"
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ matcher, duration, comment }, { onSuccess: () => setComment("") });
        }}
      >
        <div className="grid gap-3 sm:grid-cols-3">
          <label className="block text-sm font-medium">
            Alerts
            <input
              className={field}
              value={matcher}
              onChange={(e) => setMatcher(e.target.value)}
              placeholder="latency:push, component:* or *"
            />
          </label>
          <label className="block text-sm font-medium">
            For
            <input className={field} value={duration} onChange={(e) => setDuration(e.target.value)} placeholder="2h" />
          </label>
          <label className="block text-sm font-medium">
            Why (optional)
            <input className={field} value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
        </div>
        {add.error ? <Notice tone="bad">{add.error.message}</Notice> : null}
        <button type="submit" disabled={add.isPending} className={primary}>
          {add.isPending ? "Silencing…" : "Silence"}
        </button>
      </form>
    </div>
  );
}
