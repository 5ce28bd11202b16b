/**
 * How domain block settings read on the page (server and browser), in
 * Mastodon's own terms: its admin form offers the same three severities.
 */
export type SeverityName = "silence" | "suspend" | "noop";

export const SEVERITY_OPTIONS: { value: SeverityName; label: string; explains: string }[] = [
  {
    value: "silence",
    label: "Limit (silence)",
    explains: "Its accounts' posts are hidden from everyone who does not follow them; nothing is deleted.",
  },
  {
    value: "suspend",
    label: "Suspend",
    explains:
      "All federation with it stops, and its accounts' posts, media and follows with local users are deleted here.",
  },
  {
    value: "noop",
    label: "None",
    explains: "No limit on accounts: use it to reject media or reports only.",
  },
];

export const severityLabel = (severity: string | null): string =>
  SEVERITY_OPTIONS.find((o) => o.value === severity)?.label ?? "No severity (invalid row)";

export const BLOCK_SORT_OPTIONS = [
  { value: "domain", label: "Domain" },
  { value: "created", label: "Created" },
  { value: "updated", label: "Last changed" },
  { value: "severity", label: "Severity" },
] as const;
