"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useSetPolicy } from "@/lib/client/use-alerting";
import { field, primary } from "./styles";

/** The pending period and the repeat interval, typed as people type durations ("5m", "4h"). */
export function PolicyForm({ policy }: { policy: { pending: string; repeat: string } }) {
  const save = useSetPolicy();
  const [pending, setPending] = useState(policy.pending);
  const [repeat, setRepeat] = useState(policy.repeat);
  return (
    <form
      noValidate
      aria-label="When to notify"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ pending, repeat });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm font-medium">
          Pending period (a problem must last this long)
          <input className={field} value={pending} onChange={(e) => setPending(e.target.value)} placeholder="5m" />
        </label>
        <label className="block text-sm font-medium">
          Repeat interval (while it lasts)
          <input className={field} value={repeat} onChange={(e) => setRepeat(e.target.value)} placeholder="4h" />
        </label>
      </div>
      <p className="text-sm text-muted">
        Write durations like 30s, 5m, 2h or 1d. A resolved message follows each alert.
      </p>
      {save.error ? <Notice tone="bad">{save.error.message}</Notice> : null}
      {save.isSuccess && !save.isPending ? <Notice>Saved.</Notice> : null}
      <button type="submit" disabled={save.isPending} className={primary}>
        {save.isPending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
