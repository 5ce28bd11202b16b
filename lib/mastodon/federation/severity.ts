import "server-only";

/**
 * DomainBlock's `enum severity: { silence: 0, suspend: 1, noop: 2 }` (same in
 * 4.3 and 4.6; the column is nullable with default 0) and its
 * `stricter_than?`, which Mastodon's create form uses to refuse a block that
 * would loosen the most specific rule already covering the domain.
 */
export const SEVERITIES = ["silence", "suspend", "noop"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_VALUE: Record<Severity, number> = { silence: 0, suspend: 1, noop: 2 };

/** A stored value; NULL or an unknown integer reads as null (4.3 could store NULL through its importer). */
export function severityOf(value: number | null): Severity | null {
  return SEVERITIES.find((s) => SEVERITY_VALUE[s] === value) ?? null;
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === "string" && (SEVERITIES as readonly string[]).includes(value);
}

export interface BlockPolicy {
  severity: Severity | null;
  rejectMedia: boolean;
  rejectReports: boolean;
}

/**
 * `DomainBlock#stricter_than?(other)`: a suspend always is; a silence or noop
 * is not stricter than a suspend, nor a noop than a silence; otherwise each
 * of reject_media and reject_reports must be kept where the other has it.
 * Equal counts as stricter. A NULL severity behaves as neither suspend nor
 * silence nor noop in Ruby's predicates.
 */
export function stricterThan(next: BlockPolicy, other: BlockPolicy): boolean {
  if (next.severity === "suspend") return true;
  if (other.severity === "suspend" && (next.severity === "silence" || next.severity === "noop")) return false;
  if (other.severity === "silence" && next.severity === "noop") return false;
  return (next.rejectMedia || !other.rejectMedia) && (next.rejectReports || !other.rejectReports);
}

/** "suspend", "silence, reject media", "noop, reject reports": how a policy reads in a sentence. */
export function describePolicy(policy: BlockPolicy): string {
  const parts: string[] = [policy.severity ?? "no severity"];
  if (policy.rejectMedia) parts.push("reject media");
  if (policy.rejectReports) parts.push("reject reports");
  return parts.join(", ");
}
