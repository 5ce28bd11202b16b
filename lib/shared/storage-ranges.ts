/** The chart ranges the storage pages offer, in days. */
export const STORAGE_RANGES = { "7d": 7, "30d": 30, "90d": 90, "1y": 365 } as const;
export type StorageRange = keyof typeof STORAGE_RANGES;
export const RANGE_NAMES = Object.keys(STORAGE_RANGES) as StorageRange[];
