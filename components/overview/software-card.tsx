import { Card } from "@/components/ui/card";
import type { SoftwareVersion } from "@/lib/overview/software";

/** Server software versions, as Mastodon's dashboard lists its own. */
export function SoftwareCard({ software }: { software: SoftwareVersion[] }) {
  return (
    <Card title="Software">
      <dl className="space-y-2 text-sm" aria-label="Software versions">
        {software.map((s) => (
          <div key={s.name} className="flex items-baseline justify-between gap-2">
            <dt className="font-medium">{s.name}</dt>
            <dd className="min-w-0 text-right [overflow-wrap:anywhere]">
              <span className="tabular-nums">{s.version ?? "unknown"}</span>
              {s.note ? <span className="block text-xs text-muted">{s.note}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
