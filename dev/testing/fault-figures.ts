/**
 * The fault-injection suite's figures (e2e/faults.spec.ts), one row per
 * fault, printed as a table at the end of the run: how long pages took to
 * say a service is unavailable, when the status page showed the outage, how
 * long everything took to recover, and what the outage wrote to the log.
 */
export interface FaultFigures {
  scenario: string;
  /** Milliseconds from starting the server to listening, for faults present at start. */
  startMs?: number | null;
  statusPageMs?: number;
  apiMs?: number;
  apiSays?: string;
  pageMs?: number;
  pageSays?: string;
  /** Seconds from the fault's start until /api/status showed the outage; null: never. */
  statusSeenS?: number | null;
  outageS?: number;
  pagesBackS?: number | null;
  statusBackS?: number | null;
  logLines?: number;
  stackLines?: number;
}

const seconds = (s: number | null | undefined) => (s === undefined ? "–" : s === null ? "never" : s.toFixed(1));
const ms = (v: number | null | undefined) => (v === undefined ? "–" : v === null ? "never" : String(Math.round(v)));

export function printFaultFigures(rows: FaultFigures[], notes: string[] = []): void {
  if (rows.length === 0) return;
  const header = [
    "fault",
    "start ms",
    "/status ms",
    "API ms",
    "page ms",
    "outage shown s",
    "outage lasted s",
    "pages back s",
    "status back s",
    "log lines",
    "stack lines",
  ];
  const table = rows.map((r) => [
    r.scenario,
    ms(r.startMs),
    ms(r.statusPageMs),
    ms(r.apiMs),
    ms(r.pageMs),
    seconds(r.statusSeenS),
    seconds(r.outageS),
    seconds(r.pagesBackS),
    seconds(r.statusBackS),
    String(r.logLines ?? "–"),
    String(r.stackLines ?? "–"),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)));
  const shown = rows.filter((r) => r.statusSeenS != null).length;
  const out = [
    "",
    "Fault injection: figures",
    line(header).join("  "),
    ...table.map((row) => line(row).join("  ")),
    "",
    `Outages seen on the status page: ${shown} of ${rows.length}.`,
    ...rows.map((r) => `  ${r.scenario}: API said "${r.apiSays ?? "–"}"; Queues page said "${r.pageSays ?? "–"}"`),
    ...notes,
    "",
  ];
  console.log(out.join("\n"));
}
