"use client";

import Link from "next/link";
import type { RetentionVar, WhatIf, WhatIfFigure } from "@/lib/mastodon/retention/area";
import type { WhatIfComparison } from "@/lib/retention/what-if";
import { formatBytes, formatCount } from "@/lib/shared/format";
import { DateTime } from "@/components/ui/date-time";

type Row = { figure: WhatIfFigure; label: string; pick: (w: WhatIf) => string | null; indent?: boolean };

/** The setting whose period a figure is counted at (lib/retention/what-if.ts FIGURE_SETTING; orphans: none). */
const settingOf = (figure: WhatIfFigure): RetentionVar | null =>
  figure === "orphans"
    ? null
    : figure === "archives"
      ? "backups_retention_period"
      : figure.startsWith("media") || figure === "preview_cards"
        ? "media_cache_retention_period"
        : "content_cache_retention_period";

const count = (n: number | undefined) => (n === undefined ? null : formatCount(n));
const ROWS: Row[] = [
  {
    figure: "media",
    label: "Cached remote media files cleared",
    pick: (w) => (w.media ? `${formatCount(w.media.files)} (${formatBytes(w.media.bytes)})` : null),
  },
  {
    figure: "media_interacted",
    label: "of posts local users interacted with",
    pick: (w) => count(w.media?.ofInteractedPosts),
    indent: true,
  },
  {
    figure: "preview_cards",
    label: "Preview-card images cleared",
    pick: (w) =>
      w.previewCards ? `${formatCount(w.previewCards.images)} (${formatBytes(w.previewCards.bytes)})` : null,
  },
  { figure: "statuses", label: "Remote posts deleted", pick: (w) => count(w.statuses?.total) },
  {
    figure: "statuses_untouched",
    label: "untouched by local users",
    pick: (w) => count(w.statuses?.untouched),
    indent: true,
  },
  {
    figure: "statuses_favourited",
    label: "favourited by local users",
    pick: (w) => count(w.statuses?.favourited),
    indent: true,
  },
  { figure: "statuses_bookmarked", label: "bookmarked", pick: (w) => count(w.statuses?.bookmarked), indent: true },
  { figure: "statuses_pinned", label: "pinned", pick: (w) => count(w.statuses?.pinned), indent: true },
  {
    figure: "statuses_replied_to",
    label: "replied to by local users",
    pick: (w) => count(w.statuses?.repliedTo),
    indent: true,
  },
  {
    figure: "statuses_boosted",
    label: "boosted by local users",
    pick: (w) => count(w.statuses?.boosted),
    indent: true,
  },
  {
    figure: "statuses_direct",
    label: "direct messages to local users",
    pick: (w) => count(w.statuses?.directToLocals),
    indent: true,
  },
  {
    figure: "local_boosts",
    label: "Local users' boosts deleted with them",
    pick: (w) => count(w.statuses?.localBoostsCascaded),
  },
  {
    figure: "archives",
    label: "User archives deleted",
    pick: (w) => (w.archives ? `${formatCount(w.archives.count)} (${formatBytes(w.archives.bytes)})` : null),
  },
  {
    figure: "orphans",
    label: "Orphaned media deleted (always on)",
    pick: (w) => `${formatCount(w.orphans.files)} (${formatBytes(w.orphans.bytes)})`,
  },
];

/** The what-if: each figure at the proposed values beside the current ones ("off": that part does not run). */
export function WhatIfPanel({ data }: { data: WhatIfComparison }) {
  return (
    <section aria-label="What the next cleanup removes" className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="text-muted">
            <th className="py-1 pr-2 font-medium">Next cleanup</th>
            <th className="py-1 pr-2 font-medium">At these values</th>
            <th className="py-1 font-medium">Now</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.label} className="border-t border-line">
              <th scope="row" className={`py-1 pr-2 font-normal ${row.indent ? "pl-4 text-muted" : ""}`}>
                {row.label}
              </th>
              <td className="py-1 pr-2">
                <FigureLink row={row} value={row.pick(data.proposed)} days={data.proposedDays} />
              </td>
              <td className="py-1">
                <FigureLink row={row} value={row.pick(data.current)} days={data.currentDays} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RolledUpNote data={data} />
    </section>
  );
}

/**
 * Where the figures come from: on a large instance the older days of remote
 * posts and cached media are summed from Howdah's count (lib/retention/what-if-rollup.ts),
 * so the admin knows when that part was counted; the rest is counted now.
 */
function RolledUpNote({ data }: { data: WhatIfComparison }) {
  const times = [data.proposed.rolledUp, data.current.rolledUp]
    .flatMap((r) => [r.statusesCountedAt, r.mediaCountedAt])
    .filter((t): t is string => t !== null)
    .sort();
  if (times.length === 0) return <p className="mt-2 text-xs text-muted">All figures counted just now.</p>;
  return (
    <p className="mt-2 text-xs text-muted">
      Remote posts and cached media of the older hours are from Howdah&apos;s count of <DateTime at={times[0]!} /> (new
      hours are added every 30 minutes, and everything is recounted at least daily and after each cleanup run); the last
      two days and everything else are counted just now. Changes to older posts since that count (a cleanup run, a new
      favourite of an old post) show at the next count.
    </p>
  );
}

/** A figure as a link to a sample of what it counts, at the period of its column; "off" when that part does not run. */
function FigureLink({
  row,
  value,
  days,
}: {
  row: Row;
  value: string | null;
  days: Record<RetentionVar, number | null>;
}) {
  if (value === null) return <>off</>;
  const setting = settingOf(row.figure);
  const period = setting === null ? null : days[setting];
  const query = new URLSearchParams({ figure: row.figure, ...(period === null ? {} : { days: String(period) }) });
  return (
    <Link
      href={`/retention/sample?${query.toString()}`}
      aria-label={`${value}: sample of ${row.label}${period === null ? "" : ` at ${period} days`}`}
      className="inline-flex min-h-11 min-w-11 items-center text-brand hover:underline sm:min-h-0 sm:min-w-0"
    >
      {value}
    </Link>
  );
}
