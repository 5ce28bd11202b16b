"use client";

import type { WhatIf } from "@/lib/mastodon/retention/area";
import type { WhatIfComparison } from "@/lib/retention/what-if";
import { formatBytes, formatCount } from "@/lib/shared/format";

type Row = { label: string; pick: (w: WhatIf) => string | null; indent?: boolean };

const count = (n: number | undefined) => (n === undefined ? null : formatCount(n));
const ROWS: Row[] = [
  {
    label: "Cached remote media files cleared",
    pick: (w) => (w.media ? `${formatCount(w.media.files)} (${formatBytes(w.media.bytes)})` : null),
  },
  { label: "of posts local users interacted with", pick: (w) => count(w.media?.ofInteractedPosts), indent: true },
  {
    label: "Preview-card images cleared",
    pick: (w) =>
      w.previewCards ? `${formatCount(w.previewCards.images)} (${formatBytes(w.previewCards.bytes)})` : null,
  },
  { label: "Remote posts deleted", pick: (w) => count(w.statuses?.total) },
  { label: "untouched by local users", pick: (w) => count(w.statuses?.untouched), indent: true },
  { label: "favourited by local users", pick: (w) => count(w.statuses?.favourited), indent: true },
  { label: "bookmarked", pick: (w) => count(w.statuses?.bookmarked), indent: true },
  { label: "pinned", pick: (w) => count(w.statuses?.pinned), indent: true },
  { label: "replied to by local users", pick: (w) => count(w.statuses?.repliedTo), indent: true },
  { label: "boosted by local users", pick: (w) => count(w.statuses?.boosted), indent: true },
  { label: "direct messages to local users", pick: (w) => count(w.statuses?.directToLocals), indent: true },
  { label: "Local users' boosts deleted with them", pick: (w) => count(w.statuses?.localBoostsCascaded) },
  {
    label: "User archives deleted",
    pick: (w) => (w.archives ? `${formatCount(w.archives.count)} (${formatBytes(w.archives.bytes)})` : null),
  },
  {
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
              <td className="py-1 pr-2">{row.pick(data.proposed) ?? "off"}</td>
              <td className="py-1">{row.pick(data.current) ?? "off"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
