"use client";

import { useEffect, useRef } from "react";

export type QueueKey = "next" | "previous" | "assign" | "resolve" | "open" | "help";
const KEYS: Record<string, QueueKey> = { j: "next", k: "previous", a: "assign", r: "resolve", o: "open", "?": "help" };

/**
 * The queue's single-key shortcuts, on devices with a keyboard and a fine
 * pointer only (a phone's on-screen keyboard never sends them anyway). Keys
 * typed into a field, or with a modifier, are left alone.
 */
export function useQueueKeys(onKey: (key: QueueKey) => void) {
  const handler = useRef(onKey);
  useEffect(() => {
    handler.current = onKey;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], dialog")) return;
      const key = KEYS[event.key];
      if (!key || !window.matchMedia("(pointer: fine)").matches) return;
      event.preventDefault();
      handler.current(key);
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}
