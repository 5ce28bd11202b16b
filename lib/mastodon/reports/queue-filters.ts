import "server-only";
import { CATEGORY_VALUE, type ReportCategory } from "./report-columns";

/**
 * The queue's filters as SQL over `reports r` joined to its target `t` and
 * reporter `p`. Each facet is one condition, so the counts beside a facet's
 * options can be taken with every other facet applied and that one replaced
 * by each option (the usual faceted counts: choosing an option never makes
 * the others' counts lie).
 */
export interface QueueFilters {
  state: "open" | "resolved";
  assigned: "all" | "me" | "unassigned";
  /** The viewer's account id, for "assigned to me". */
  me: string;
  category?: ReportCategory;
  ruleId?: string;
  target?: "local" | "remote";
  /** A remote target's exact domain (already normalised by the caller). */
  targetDomain?: string;
  reporter?: "local" | "remote";
  forwarded?: boolean;
}

export const FACETS = [
  "state",
  "assigned",
  "category",
  "rule",
  "target",
  "targetDomain",
  "reporter",
  "forwarded",
] as const;
export type Facet = (typeof FACETS)[number];

export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const STATE_SQL = { open: "r.action_taken_at IS NULL", resolved: "r.action_taken_at IS NOT NULL" };

/** The condition of each facet as chosen in `f` (null: the facet does not narrow). */
export function facetConditions(f: QueueFilters, params: Params): Record<Facet, string | null> {
  return {
    state: STATE_SQL[f.state],
    assigned:
      f.assigned === "me"
        ? `r.assigned_account_id = ${params.add(f.me)}::bigint`
        : f.assigned === "unassigned"
          ? "r.assigned_account_id IS NULL"
          : null,
    category: f.category ? `r.category = ${CATEGORY_VALUE[f.category]}` : null,
    rule: f.ruleId ? `r.rule_ids @> ARRAY[${params.add(f.ruleId)}::bigint]` : null,
    target: f.target ? (f.target === "local" ? "t.domain IS NULL" : "t.domain IS NOT NULL") : null,
    targetDomain: f.targetDomain ? `lower(t.domain) = ${params.add(f.targetDomain.toLowerCase())}` : null,
    reporter: f.reporter ? (f.reporter === "local" ? "p.domain IS NULL" : "p.domain IS NOT NULL") : null,
    forwarded: f.forwarded === undefined ? null : f.forwarded ? "r.forwarded IS TRUE" : "r.forwarded IS NOT TRUE",
  };
}

export function whereOf(conditions: Record<Facet, string | null>, except?: Facet): string {
  const parts = FACETS.filter((k) => k !== except)
    .map((k) => conditions[k])
    .filter((c): c is string => c !== null);
  return parts.length ? parts.join(" AND ") : "true";
}

/** The options each facet's counts are taken for (the rule facet is counted per rule id separately). */
export function facetOptions(me: string, params: Params): Record<string, { facet: Facet; sql: string }> {
  const meParam = params.add(me);
  return {
    "state:open": { facet: "state", sql: STATE_SQL.open },
    "state:resolved": { facet: "state", sql: STATE_SQL.resolved },
    "assigned:all": { facet: "assigned", sql: "true" },
    "assigned:me": { facet: "assigned", sql: `r.assigned_account_id = ${meParam}::bigint` },
    "assigned:unassigned": { facet: "assigned", sql: "r.assigned_account_id IS NULL" },
    ...Object.fromEntries(
      (Object.keys(CATEGORY_VALUE) as ReportCategory[]).map((c) => [
        `category:${c}`,
        { facet: "category" as Facet, sql: `r.category = ${CATEGORY_VALUE[c]}` },
      ]),
    ),
    "target:local": { facet: "target", sql: "t.domain IS NULL" },
    "target:remote": { facet: "target", sql: "t.domain IS NOT NULL" },
    "reporter:local": { facet: "reporter", sql: "p.domain IS NULL" },
    "reporter:remote": { facet: "reporter", sql: "p.domain IS NOT NULL" },
    "forwarded:true": { facet: "forwarded", sql: "r.forwarded IS TRUE" },
    "forwarded:false": { facet: "forwarded", sql: "r.forwarded IS NOT TRUE" },
  };
}
