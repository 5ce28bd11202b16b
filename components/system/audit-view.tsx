import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";

export interface AuditRow {
  id: string;
  createdAt: string;
  actorAcct: string | null;
  action: string;
  targetType: string | null;
  target: string | null;
  outcome: string;
}

/** Howdah's own audit log, newest first. */
export function AuditView({ rows }: { rows: AuditRow[] }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <p className="text-sm text-muted">
        What was done through Howdah. Changes to Mastodon's data also appear in Mastodon's own audit log.
      </p>
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">Nothing yet.</p>
        ) : (
          <ul className="divide-y divide-line text-sm">
            {rows.map((row) => (
              <li key={row.id} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:items-baseline sm:gap-4">
                <span className="shrink-0 text-xs text-muted">
                  <DateTime at={row.createdAt} />
                </span>
                {/* Targets can be long unbroken strings (inbox URLs, job ids): wrap them anywhere on a phone. */}
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  <strong>{row.actorAcct ? `@${row.actorAcct}` : "Howdah"}</strong> {row.action.replaceAll("_", " ")}
                  {row.target ? (
                    <>
                      {" "}
                      · {row.targetType} {row.target}
                    </>
                  ) : null}
                  {row.outcome !== "ok" ? (
                    <span className="ml-2 rounded bg-warn-soft px-1.5 text-xs text-warn">{row.outcome}</span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
