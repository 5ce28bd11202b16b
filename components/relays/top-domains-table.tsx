import Link from "next/link";
import { CARD_LINK } from "@/components/ui/link-styles";
import { dossierHref } from "@/lib/shared/dossier-href";
import type { TopDomain } from "@/lib/relays/traffic";
import { formatBytes } from "@/lib/shared/bytes";
import { formatCount, formatPercent } from "@/lib/shared/format";
import { ScrollBox } from "@/components/ui/scroll-box";

/** The origin servers that sent the most remote posts in the range. */
export function TopDomainsTable({ domains }: { domains: TopDomain[] }) {
  if (domains.length === 0) return <p className="text-sm text-muted">Nothing counted in this range yet.</p>;
  return (
    <ScrollBox label="Top sending servers">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-muted">
            <th scope="col" className="py-1 pr-2 font-medium">
              Server
            </th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">
              Posts
            </th>
            <th scope="col" className="whitespace-nowrap py-1 pr-2 text-right font-medium">
              Relay est.
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Media
            </th>
          </tr>
        </thead>
        <tbody>
          {domains.map((d) => (
            <tr key={d.domain} className="border-t border-line">
              <td className="max-w-[10rem] truncate py-1 pr-2" title={d.domain}>
                <Link href={dossierHref(d.domain)} className={`${CARD_LINK} max-w-full truncate`}>
                  {d.domain}
                </Link>
              </td>
              <td className="py-1 pr-2 text-right tabular-nums">{formatCount(d.statuses)}</td>
              <td className="py-1 pr-2 text-right tabular-nums">
                {formatPercent(d.statuses ? d.relayEstimate / d.statuses : 0)}
              </td>
              <td className="whitespace-nowrap py-1 text-right tabular-nums">{formatBytes(d.mediaBytes, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
