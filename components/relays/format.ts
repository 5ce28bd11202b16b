/** Numbers and times on the Relays page. */
const count = new Intl.NumberFormat("en");

export const formatCount = (n: number): string => count.format(Math.round(n));

export function formatShare(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return "0%";
  if (fraction < 0.01) return "<1%";
  return `${Math.round(fraction * 100)}%`;
}

export const formatWhen = (iso: string): string =>
  new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

/** "3 days ago", "5 min ago". */
export function formatAgo(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 90) return "just now";
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}
