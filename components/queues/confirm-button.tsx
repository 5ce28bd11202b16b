"use client";

import { useEffect, useState } from "react";

/**
 * A two-step button for actions that change Sidekiq's data: the first press
 * arms it and says what will happen, the second does it; Cancel, or five
 * seconds without a choice, disarms it.
 */
export function ConfirmButton({
  label,
  confirm,
  onConfirm,
  disabled = false,
  busy = false,
}: {
  label: string;
  /** What the second press does, e.g. "Delete this job for good?" */
  confirm: string;
  onConfirm: () => void;
  disabled?: boolean;
  busy?: boolean;
}) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 5_000);
    return () => clearTimeout(timer);
  }, [armed]);

  const base = "rounded-md border px-3 py-1.5 text-sm font-medium disabled:opacity-50";
  if (!armed) {
    return (
      <button
        type="button"
        className={`${base} border-line bg-surface hover:bg-canvas`}
        disabled={disabled || busy}
        onClick={() => setArmed(true)}
      >
        {busy ? "Working…" : label}
      </button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2" role="group" aria-label={confirm}>
      <button
        type="button"
        className={`${base} border-bad bg-bad text-on-bad`}
        onClick={() => {
          setArmed(false);
          onConfirm();
        }}
      >
        {confirm}
      </button>
      <button
        type="button"
        className={`${base} border-line bg-surface hover:bg-canvas`}
        onClick={() => setArmed(false)}
      >
        Cancel
      </button>
    </span>
  );
}
