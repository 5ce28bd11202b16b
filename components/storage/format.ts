/** Dates of the storage pages: days are UTC calendar days ("YYYY-MM-DD"). */
const long = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const short = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", timeZone: "UTC" });
const count = new Intl.NumberFormat("en");

export const formatDay = (day: string): string => long.format(new Date(`${day}T00:00:00Z`));
export const formatShortDay = (day: string): string => short.format(new Date(`${day}T00:00:00Z`));
export const formatCount = (n: number): string => count.format(n);
export const formatPercent = (fraction: number): string => `${Math.floor(fraction * 100)}%`;
