"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useSaveCapacity } from "@/lib/client/use-storage";
import type { StorageCapacity } from "@/lib/storage/capacity";
import { formatBytes, sizeInputText } from "@/lib/shared/bytes";
import { formatCount } from "@/lib/shared/format";
import { DateTime } from "@/components/ui/date-time";

/** Sets the disk or bucket capacity the forecast projects against (manage_settings). */
export function CapacityForm({ capacity, canEdit }: { capacity: StorageCapacity; canEdit: boolean }) {
  const save = useSaveCapacity();
  const [text, setText] = useState(capacity.capacityBytes ? sizeInputText(capacity.capacityBytes) : "");
  const [includesDatabase, setIncludesDatabase] = useState(capacity.includesDatabase);
  const current = capacity.capacityBytes
    ? `${formatBytes(capacity.capacityBytes)} (${formatCount(capacity.capacityBytes)} bytes)`
    : "not set";
  const changed = capacity.updatedAt ? (
    <>
      {" "}
      · set by @{capacity.updatedBy ?? "?"} on <DateTime at={capacity.updatedAt} />
    </>
  ) : null;

  if (!canEdit) {
    return (
      <p className="text-sm text-muted">
        Capacity: {current}
        {capacity.includesDatabase ? ", shared with PostgreSQL" : ""}. Staff with the Manage settings permission can
        change it.
      </p>
    );
  }
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ capacity: text, includesDatabase });
      }}
    >
      <label htmlFor="storage-capacity" className="block text-sm font-medium">
        Capacity of the disk or bucket
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="storage-capacity"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. 500 GB or 2 TiB"
          inputMode="text"
          autoComplete="off"
          className="min-w-0 flex-1 rounded-md border border-line bg-surface px-3 py-1.5 text-sm"
          aria-describedby="storage-capacity-help"
        />
        <button
          type="submit"
          disabled={save.isPending}
          className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-on-brand disabled:opacity-60"
        >
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </div>
      <label className="flex min-h-11 items-center gap-2 text-sm md:min-h-0">
        <input type="checkbox" checked={includesDatabase} onChange={(e) => setIncludesDatabase(e.target.checked)} />
        The same disk also holds the PostgreSQL database
      </label>
      <p id="storage-capacity-help" className="text-xs text-muted">
        Now: {current}
        {changed}. GB and TB are powers of 1000, GiB and TiB powers of 1024; leave empty to remove.
      </p>
      {save.error ? <Notice tone="bad">{save.error.message}</Notice> : null}
      {save.isSuccess && !save.isPending ? <Notice tone="info">Capacity saved.</Notice> : null}
    </form>
  );
}
