"use client";

import { useEffect } from "react";

/**
 * The shell's page for what no page expected: a bug, not an outage (pages
 * show outages themselves, through lib/http/page-data.ts). The message stays
 * in the server log; the digest lets an admin find it there.
 */
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="max-w-xl space-y-3">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p>Howdah could not show this page. The details are in Howdah&apos;s server log.</p>
      {error.digest ? <p className="text-sm text-muted">Reference: {error.digest}</p> : null}
      <button
        type="button"
        onClick={reset}
        className="rounded-md border border-line px-4 py-2 text-sm font-semibold hover:bg-canvas"
      >
        Try again
      </button>
    </div>
  );
}
