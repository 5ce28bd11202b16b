"use client";

import { useSyncExternalStore } from "react";
import { formatAgo, formatDateTime, formatDateTimeUtc, formatDay, formatUtc, toMs } from "@/lib/shared/format";

/**
 * Every time on Howdah's pages: a <time> with the viewer's local time as
 * text and the exact UTC time on hover. The server does not know the
 * viewer's zone, so it renders UTC (labelled) and the browser switches to
 * local time once hydrated (useSyncExternalStore's server snapshot keeps
 * hydration exact).
 */
const noSubscription = () => () => undefined;
const useInBrowser = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

export function DateTime({
  at,
  relative = false,
  unknown = "—",
}: {
  at: number | string | Date | null;
  /** "3 min ago" instead of the date and time (the full time stays in the title). */
  relative?: boolean;
  /** What to show when the time is not known. */
  unknown?: string;
}) {
  const inBrowser = useInBrowser();
  if (at === null || !Number.isFinite(toMs(at))) return <span>{unknown}</span>;
  const ms = toMs(at);
  const text = !inBrowser ? formatDateTimeUtc(ms) : relative ? formatAgo(ms) : formatDateTime(ms);
  const title = inBrowser ? `${formatDateTime(ms)} your time · ${formatUtc(ms)}` : formatUtc(ms);
  return (
    <time dateTime={new Date(ms).toISOString()} title={title}>
      {text}
    </time>
  );
}

/** A UTC calendar day ("YYYY-MM-DD", as storage days are kept): "20 May 2026", "UTC day" on hover. */
export function UtcDay({ day }: { day: string }) {
  return (
    <time dateTime={day} title={`${day} (UTC day)`}>
      {formatDay(day)}
    </time>
  );
}
