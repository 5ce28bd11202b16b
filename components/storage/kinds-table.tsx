import { KIND_LABELS } from "@/lib/shared/media-kinds";
import type { KindRow } from "@/lib/storage/page-data";
import { formatBytes } from "@/lib/shared/bytes";
import { formatCount } from "@/lib/shared/format";
import { ScrollBox } from "@/components/ui/scroll-box";

/** Stored bytes by kind, as `tootctl media usage` lists them, with the remote cache split into cached and evicted. */
export function KindsTable({ kinds }: { kinds: KindRow[] }) {
  const cell = "px-2 py-2 text-right tabular-nums";
  return (
    <ScrollBox label="Stored bytes by kind" className="-mx-2">
      <table className="w-full min-w-[520px] text-sm">
        <caption className="sr-only">Stored bytes by kind</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-2 py-2 font-medium">
              Kind
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              Total
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              Local
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              Remote, cached
            </th>
            <th
              scope="col"
              className="px-2 py-2 text-right font-medium"
              title="Remote rows Mastodon keeps after clearing the file"
            >
              Evicted files
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {kinds.map((k) => (
            <tr key={k.kind}>
              <th scope="row" className="px-2 py-2 text-left font-medium">
                {KIND_LABELS[k.kind]}
                <span className="block text-xs font-normal text-muted">{formatCount(k.files)} files</span>
              </th>
              <td className={cell}>{formatBytes(k.total)}</td>
              <td className={cell}>{k.local === null ? "—" : formatBytes(k.local)}</td>
              <td className={cell}>
                {k.remote === null ? (k.kind === "preview_cards" ? formatBytes(k.total) : "—") : formatBytes(k.remote)}
              </td>
              <td className={cell}>{k.evicted ? formatCount(k.evicted) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
