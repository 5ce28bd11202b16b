"use client";

import { useState } from "react";

const SHORT = 160;

/** Job arguments as stored (ids beyond 2^53 intact), truncated with a toggle to show them whole. */
export function ArgsText({ text, truncatedByServer = false }: { text: string; truncatedByServer?: boolean }) {
  const [open, setOpen] = useState(false);
  const long = text.length > SHORT;
  return (
    <div className="min-w-0">
      <code
        className={`block break-all rounded bg-canvas px-2 py-1 font-mono text-xs ${open ? "whitespace-pre-wrap" : ""}`}
      >
        {open || !long ? text : `${text.slice(0, SHORT)}…`}
        {open && truncatedByServer ? " … (a preview: the whole payload is below)" : null}
      </code>
      {long ? (
        <button
          type="button"
          className="mt-1 text-xs font-medium text-brand hover:underline"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? "Show less" : `Show all args (${text.length.toLocaleString("en")} characters)`}
        </button>
      ) : null}
    </div>
  );
}
