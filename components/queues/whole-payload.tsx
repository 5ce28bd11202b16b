"use client";

import { useState } from "react";
import { useJobPayload } from "@/lib/client/use-queues-jobs";
import type { JobRow } from "@/lib/queues/jobs";

const PAYLOAD_CLASS =
  "mt-1 block max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-canvas px-2 py-1 font-mono text-xs";

/** The whole stored string of a large job, fetched only when the admin asks for it. */
export function WholePayload({ source, job }: { source: string; job: Pick<JobRow, "id" | "bytes"> }) {
  const [open, setOpen] = useState(false);
  const payload = useJobPayload(source, job.id, open);
  return (
    <div className="mt-1 min-w-0">
      <button
        type="button"
        className="text-xs font-medium text-brand hover:underline"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open ? "Hide the whole payload" : `Show the whole payload (${job.bytes.toLocaleString("en")} bytes)`}
      </button>
      {open ? (
        <code className={PAYLOAD_CLASS}>
          {payload.isPending ? "Loading…" : payload.error ? payload.error.message : payload.data?.raw}
        </code>
      ) : null}
    </div>
  );
}
