"use client";

import { ChoiceGroup } from "@/components/ui/choice-group";
import { RANGE_NAMES, type StorageRange } from "@/lib/shared/storage-ranges";

const LABELS: Record<StorageRange, string> = { "7d": "7 days", "30d": "30 days", "90d": "90 days", "1y": "1 year" };
const CHOICES = RANGE_NAMES.map((range) => ({ value: range, label: LABELS[range] }));

/** The chart range: one choice among Howdah's fixed ranges. */
export function RangePicker({ value, onChange }: { value: StorageRange; onChange: (range: StorageRange) => void }) {
  return <ChoiceGroup legend="Chart range" choices={CHOICES} value={value} onChange={onChange} />;
}
