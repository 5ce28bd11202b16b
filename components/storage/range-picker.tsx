"use client";

import { RANGE_NAMES, type StorageRange } from "@/lib/shared/storage-ranges";

const LABELS: Record<StorageRange, string> = { "7d": "7 days", "30d": "30 days", "90d": "90 days", "1y": "1 year" };

/** The chart range: a segmented control of Howdah's fixed ranges. */
const CHOSEN = "bg-brand text-white";
const NOT_CHOSEN = "bg-surface hover:bg-canvas";

export function RangePicker({ value, onChange }: { value: StorageRange; onChange: (range: StorageRange) => void }) {
  return (
    <div
      role="group"
      aria-label="Chart range"
      className="inline-flex overflow-hidden rounded-md border border-line text-sm"
    >
      {RANGE_NAMES.map((range) => (
        <button
          key={range}
          type="button"
          aria-pressed={value === range}
          onClick={() => onChange(range)}
          className={`px-3 py-1.5 ${value === range ? CHOSEN : NOT_CHOSEN} border-l border-line first:border-l-0`}
        >
          {LABELS[range]}
        </button>
      ))}
    </div>
  );
}
