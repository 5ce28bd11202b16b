import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { auditActionName, auditTargetTypeName } from "@/lib/shared/audit-actions";

export interface AuditRow {
  id: string;
  createdAt: string;
  actorAcct: string | null;
  action: string;
  targetType: string | null;
  target: string | null;
  outcome: string;
}

export interface AuditFilters {
  actor: string;
  action: string;
  target: string;
  q: string;
}

interface Props {
  rows: AuditRow[];
  filters: AuditFilters;
  choices: { actors: string[]; actions: string[]; targetTypes: string[] };
  older: string | null;
  newer: string | null;
}

/** The address of this view with other filters or another page (empty values dropped). */
function href(path: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

const field = "min-h-11 w-full rounded-md border border-line bg-surface px-3 text-base sm:text-sm";

/** One of the filter form's drop-downs: "any" first, then the choices the log holds. */
function FilterSelect(props: {
  label: string;
  name: string;
  value: string;
  any: string;
  options: { value: string; text: string }[];
}) {
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium">{props.label}</span>
      <select name={props.name} defaultValue={props.value} className={field}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Howdah's own audit log, newest first: filters by person, action and kind
 * of target, a search, pages of 50 and the same view as CSV. A plain GET
 * form, so every view has an address and works without script.
 */
export function AuditView({ rows, filters, choices, older, newer }: Props) {
  const filtered = Object.values(filters).some(Boolean);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <p className="text-sm text-muted">
        What was done through Howdah. Changes to Mastodon&apos;s data also appear in Mastodon&apos;s own audit log.
      </p>
      <Card>
        {/* Keyed by the filters: after a client-side navigation ("Clear filters", paging) the fields
            show the address's filters, not what was last typed (defaultValue is read only on mount). */}
        <form
          key={JSON.stringify(filters)}
          method="get"
          action="/audit"
          className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5"
          role="search"
        >
          <label className="text-sm lg:col-span-2">
            <span className="mb-1 block font-medium">Search</span>
            <input type="search" name="q" defaultValue={filters.q} className={field} placeholder="Name, target, IP…" />
          </label>
          <FilterSelect
            label="Person"
            name="actor"
            value={filters.actor}
            any="Everyone"
            options={choices.actors.map((a) => ({ value: a || "-", text: a ? `@${a}` : "Howdah itself" }))}
          />
          <FilterSelect
            label="Action"
            name="action"
            value={filters.action}
            any="Every action"
            options={choices.actions.map((a) => ({ value: a, text: auditActionName(a) }))}
          />
          <FilterSelect
            label="Target"
            name="target"
            value={filters.target}
            any="Any target"
            options={choices.targetTypes.map((t) => ({ value: t, text: auditTargetTypeName(t) }))}
          />
          <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-5">
            <button type="submit" className="min-h-11 rounded-md bg-brand px-4 text-sm font-medium text-on-brand">
              Apply filters
            </button>
            {filtered ? (
              <Link
                href="/audit"
                className="inline-flex min-h-11 items-center rounded-md border border-line px-4 text-sm"
              >
                Clear filters
              </Link>
            ) : null}
            {/* A download, not a page: a plain link so the browser saves the file. */}
            <a
              href={href("/api/audit/export", { ...filters })}
              className="inline-flex min-h-11 items-center rounded-md border border-line px-4 text-sm"
              download
            >
              Export as CSV
            </a>
          </div>
        </form>
      </Card>
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">{filtered ? "No entries match these filters." : "Nothing yet."}</p>
        ) : (
          <ul className="divide-y divide-line text-sm" aria-label="Audit entries">
            {rows.map((row) => (
              <li key={row.id} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:items-baseline sm:gap-4">
                <span className="shrink-0 text-xs text-muted">
                  <DateTime at={row.createdAt} />
                </span>
                {/* Targets can be long unbroken strings (inbox URLs, job ids): wrap them anywhere on a phone. */}
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  <strong>{row.actorAcct ? `@${row.actorAcct}` : "Howdah"}</strong>{" "}
                  <span title={row.action}>{auditActionName(row.action)}</span>
                  {row.target ? (
                    <>
                      {" "}
                      · {row.targetType ? auditTargetTypeName(row.targetType) : null} {row.target}
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
      {newer || older ? (
        <nav aria-label="Audit log pages" className="flex justify-between gap-2">
          {newer ? (
            <Link
              href={href("/audit", { ...filters, after: newer })}
              className="inline-flex min-h-11 items-center rounded-md border border-line px-4 text-sm"
            >
              ← Newer entries
            </Link>
          ) : (
            <span />
          )}
          {older ? (
            <Link
              href={href("/audit", { ...filters, before: older })}
              className="inline-flex min-h-11 items-center rounded-md border border-line px-4 text-sm"
            >
              Older entries →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
