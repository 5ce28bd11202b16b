/**
 * Byte sizes as people write and read them. Parsing follows the units'
 * standards: kB/MB/GB/TB/PB are powers of 1000 (how disks are sold), and
 * KiB/MiB/GiB/TiB/PiB powers of 1024 (how most object stores bill); a bare
 * number is bytes. Display uses the binary units, labelled as such, so a
 * figure never means two things (Mastodon's own pages say "GB" for GiB).
 */
const DECIMAL: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15 };
const BINARY: Record<string, number> = { kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, pib: 2 ** 50 };
/** The largest capacity accepted: 8 EiB would overflow PostgreSQL's bigint; 1 EB is plenty. */
export const MAX_CAPACITY_BYTES = 1e18;

export type SizeParse = { ok: true; bytes: number } | { ok: false; message: string };

export const SIZE_HELP = 'Give a size such as "500 GB", "2 TiB" or a number of bytes.';

export function parseSize(input: string): SizeParse {
  const text = input.trim().replace(/,/g, "").replace(/_/g, "");
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]*)$/.exec(text);
  if (!match) return { ok: false, message: `"${input.trim().slice(0, 40)}" is not a size. ${SIZE_HELP}` };
  const value = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const aliases: Record<string, string> = {
    "": "b",
    bytes: "b",
    byte: "b",
    k: "kb",
    m: "mb",
    g: "gb",
    t: "tb",
    p: "pb",
    ki: "kib",
    mi: "mib",
    gi: "gib",
    ti: "tib",
    pi: "pib",
  };
  const key = aliases[unit] ?? unit;
  const factor = DECIMAL[key] ?? BINARY[key];
  if (factor === undefined) return { ok: false, message: `"${match[2]}" is not a unit Howdah knows. ${SIZE_HELP}` };
  const bytes = Math.round(value * factor);
  if (!(bytes > 0)) return { ok: false, message: "The capacity must be more than 0 bytes." };
  if (bytes > MAX_CAPACITY_BYTES)
    return { ok: false, message: "That is more than 1 EB; give the capacity of one disk or bucket." };
  return { ok: true, bytes };
}

const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

export function formatBytes(bytes: number, digits = 1): string {
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${sign}${Math.round(value)} ${value === 1 ? "byte" : "bytes"}`;
  const shown = value >= 100 ? value.toFixed(0) : value.toFixed(digits);
  return `${sign}${shown} ${UNITS[unit]}`;
}

/** "+1.2 GiB" / "−300 MiB" / "±0". */
export function formatDelta(bytes: number): string {
  if (bytes === 0) return "±0";
  return bytes > 0 ? `+${formatBytes(bytes)}` : `−${formatBytes(-bytes)}`;
}

/** A size as an admin would type it back ("500 GB", "2 TiB"), exact, or plain bytes. */
export function sizeInputText(bytes: number): string {
  const units: [string, number][] = [
    ["PB", 1e15],
    ["PiB", 2 ** 50],
    ["TB", 1e12],
    ["TiB", 2 ** 40],
    ["GB", 1e9],
    ["GiB", 2 ** 30],
    ["MB", 1e6],
    ["MiB", 2 ** 20],
  ];
  for (const [unit, factor] of units) {
    const value = bytes / factor;
    if (value >= 1 && Math.round(value * 100) / 100 === value) return `${value} ${unit}`;
  }
  return String(bytes);
}

/**
 * Value-axis ticks for a chart of sizes up to `max` bytes: 0 and round
 * steps of 1, 2 or 5 (times a power of ten) of one binary unit, so every
 * tick reads differently ("0, 1 GiB, 2 GiB, 3 GiB", never "3 GiB" twice).
 */
export function byteAxisTicks(max: number, most = 5): number[] {
  if (!(max > 0)) return [0, 1024];
  let unit = 1;
  while (max / unit >= 1024 && unit < 2 ** 60) unit *= 1024;
  const span = max / unit;
  const magnitude = 10 ** Math.floor(Math.log10(span / most));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => Math.ceil(span / s) <= most)! * unit;
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(t);
  return ticks;
}

/** A tick from byteAxisTicks as a label: "0", "512 MiB", "1.5 GiB", "2 GiB". */
export function formatByteTick(bytes: number): string {
  return bytes === 0 ? "0" : formatBytes(bytes, 1).replace(/\.0 /, " ");
}
