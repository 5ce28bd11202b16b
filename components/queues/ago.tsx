import { formatAgo, formatTime } from "./format";

/** A relative time with the full time on hover; server and browser clocks differ, so a mismatch is expected. */
export function Ago({ ms }: { ms: number | null }) {
  if (ms === null) return <span>—</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatTime(ms)} suppressHydrationWarning>
      {formatAgo(ms)}
    </time>
  );
}
