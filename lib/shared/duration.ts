/** "45 s", "12 min", "3 h 20 min", "2 d 4 h": durations as people say them. Shared by alert messages and the page. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, min: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * A duration as people type it ("30s", "5m", "2h", "1h30m", "1d", "90" for
 * seconds, spaces allowed) in seconds, as Grafana and Alertmanager take them;
 * null when it is not one (so the caller can say so, not guess).
 */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, "");
  if (/^\d{1,9}$/.test(value)) return Number(value);
  if (!/^(\d{1,9}(min|s|m|h|d|w))+$/.test(value)) return null;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(min|s|m|h|d|w)/g))
    total += Number(amount) * UNIT_SECONDS[unit!]!;
  return total;
}

/** Seconds as the short form parseDuration reads back ("1h30m", "5m", "45s"), for form fields. */
export function durationText(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return "0s";
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join("");
}
