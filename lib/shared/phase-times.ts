/**
 * Where a run's time went, phase by phase (ms, summed when a phase repeats):
 * filled in by the rollups when a caller passes a record (the bench and its
 * drivers print it beside the total), left alone otherwise.
 */
export type PhaseTimes = Record<string, number>;

export async function timePhase<T>(phases: PhaseTimes | undefined, name: string, run: () => Promise<T>): Promise<T> {
  if (!phases) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    phases[name] = (phases[name] ?? 0) + (performance.now() - started);
  }
}

/** Adds the time since `started` (performance.now()) to phase `name`. */
export function addPhase(phases: PhaseTimes | undefined, name: string, started: number): void {
  if (phases) phases[name] = (phases[name] ?? 0) + (performance.now() - started);
}

/** "count 412 ms, write 35 ms, …" in the order the phases first ran. */
export function formatPhases(phases: PhaseTimes): string {
  return Object.entries(phases)
    .map(([name, ms]) => `${name} ${Math.round(ms)} ms`)
    .join(", ");
}
