/** The Alerts page's form styles, shared by its sections. */
export const field = "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm";
export const primary = "rounded-md bg-brand px-4 py-2 text-sm font-semibold text-on-brand disabled:opacity-50";
export const secondary = "rounded-md border border-line px-4 py-2 text-sm disabled:opacity-50";
