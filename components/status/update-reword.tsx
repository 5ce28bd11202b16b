"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useRewordIncidentUpdate } from "@/lib/client/use-incidents";

/**
 * One posted update's text, with a "Reword" button that turns it into a text
 * box (a typo, a wrong figure): its status and time stay, the audit log keeps
 * both texts, and the status page shows the new wording at once.
 */
export function UpdateReword({ incidentId, updateId, body }: { incidentId: string; updateId: string; body: string }) {
  const reword = useRewordIncidentUpdate();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(body);

  if (!editing) {
    return (
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="min-w-0 flex-1 whitespace-pre-line break-words">{body}</p>
        <button
          type="button"
          onClick={() => {
            setText(body);
            reword.reset();
            setEditing(true);
          }}
          className="min-h-11 rounded-md px-2 text-sm text-brand underline md:min-h-0"
        >
          Reword
        </button>
      </div>
    );
  }
  return (
    <form
      noValidate
      aria-label="Reword this update"
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        reword.mutate({ id: incidentId, updateId, body: text }, { onSuccess: () => setEditing(false) });
      }}
    >
      <label className="block text-sm font-medium">
        New wording
        <textarea
          className="mt-1 block min-h-20 w-full rounded-md border border-line bg-surface px-3 py-2 text-sm"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {reword.error ? <Notice tone="bad">{reword.error.message}</Notice> : null}
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          disabled={reword.isPending}
          className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-on-brand disabled:opacity-50"
        >
          {reword.isPending ? "Saving…" : "Save wording"}
        </button>
        <button
          type="button"
          onClick={() => setEditing(false)}
          className="rounded-md border border-line px-4 py-2 text-sm"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
