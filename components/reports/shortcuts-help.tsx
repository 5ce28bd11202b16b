"use client";

import { useEffect, useRef } from "react";
import { SECONDARY } from "./styles";

export const SHORTCUTS: [string, string][] = [
  ["j", "next report"],
  ["k", "previous report"],
  ["a", "assign the report to me"],
  ["r", "resolve the report"],
  ["o", "open the report"],
  ["?", "show or hide these shortcuts"],
];

/** The keyboard shortcuts, in a modal dialog (Escape or the button closes it). */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="shortcuts-title"
      className="m-auto rounded-xl border border-line bg-surface p-5 text-ink shadow-lg backdrop:bg-black/40"
    >
      <h2 id="shortcuts-title" className="mb-3 text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {SHORTCUTS.map(([key, what]) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border border-line px-2 py-0.5 font-mono">{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className={`${SECONDARY} mt-4`} onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
