import { loadavg } from "node:os";

/**
 * One benchmark figure: what was measured, its value and unit, the target it
 * must meet, and (where a naive way of getting the same answer exists) how
 * many times better Howdah's way measured in the same run.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** e.g. "<= 50 ms". */
  target: string | null;
  /** naive / Howdah; null where there is no naive way. */
  ratio: number | null;
  /** Whether the value meets the target (null when there is no target). */
  met?: boolean | null;
  /** How it was taken, where a figure is the median of runs: each run's value and the machine's load. */
  note?: string;
}

export function figure(
  name: string,
  value: number,
  unit: string,
  target: { max?: number; min?: number } | null,
  naive?: number,
): Figure {
  const round = (n: number) => Math.round(n * 100) / 100;
  const targetText = target
    ? target.max !== undefined
      ? `<= ${target.max} ${unit}`
      : `>= ${target.min} ${unit}`
    : null;
  const met = target ? (target.max !== undefined ? value <= target.max : value >= (target.min ?? 0)) : null;
  return {
    name,
    value: round(value),
    unit,
    target: targetText,
    ratio: naive !== undefined && value > 0 ? round(naive / value) : null,
    met,
  };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function timeMany(times: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    f.target ?? "—",
    f.ratio === null ? "—" : `${f.ratio}×`,
    f.met === null || f.met === undefined ? "" : f.met ? "ok" : "MISSED",
    f.note ?? "",
  ]);
  const head = ["figure", "value", "target", "vs naive", "", "runs"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

/** Several runs of one measurement: the median run is the figure, every run and its load the note. */
export interface Runs {
  median: number;
  note: string;
}

export function medianOfRuns(values: number[], loads: number[], unit: string): Runs {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  const spread = values.map((v, i) => `${round(v)} ${unit} (load ${loads[i]!.toFixed(2)})`).join(", ");
  return { median, note: `median of ${values.length}: ${spread}` };
}

/** The machine's load averages (1, 5, 15 min), printed beside every timing: the machine is shared. */
export function machineLoad(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/** One run of a timing: its percentiles and the load it was taken under. */
export interface Run {
  p50: number;
  p95: number;
  load: string;
}

export function toRun(samples: number[]): Run {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), load: machineLoad() };
}

/** A figure's note (Figure.note) from runs: each run's percentile and the machine's load then. */
export function runsNote(runs: Run[], key: "p50" | "p95"): string {
  const each = runs.map((r) => `${r[key].toFixed(2)} ms (load ${r.load.split(" ")[0]})`);
  return `median of ${runs.length}: ${each.join(", ")}`;
}

/** Several runs of one timing: each run's line, then the median run's percentiles and the spread. */
export function summarizeRuns(label: string, runs: Run[]): { p50: number; p95: number; lines: string[] } {
  const sorted = (key: "p50" | "p95") => runs.map((r) => r[key]).sort((a, b) => a - b);
  const median = (values: number[]) => values[Math.floor((values.length - 1) / 2)]!;
  const spread = (values: number[]) => `[${values[0]!.toFixed(2)}–${values.at(-1)!.toFixed(2)}]`;
  const p50s = sorted("p50");
  const p95s = sorted("p95");
  return {
    p50: median(p50s),
    p95: median(p95s),
    lines: [
      ...runs.map(
        (r, i) => `  ${label}, run ${i + 1}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (load ${r.load})`,
      ),
      `  ${label}: median p50 ${median(p50s).toFixed(2)} ms ${spread(p50s)}, ` +
        `median p95 ${median(p95s).toFixed(2)} ms ${spread(p95s)}`,
    ],
  };
}
