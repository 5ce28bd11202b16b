/**
 * A small map whose entries are good for a fixed time and whose size is
 * bounded: past `maxEntries`, the oldest entry goes (Map keeps insertion
 * order). For per-process caches of answers that may be a second or two old;
 * made once per process with processSingleton so every bundle shares it.
 */
export interface ExpiringCache<K, V> {
  get(key: K, now?: number): V | undefined;
  set(key: K, value: V, ttlMs: number, now?: number): void;
  delete(key: K): void;
  clear(): void;
  readonly size: number;
}

export function expiringCache<K, V>(maxEntries: number): ExpiringCache<K, V> {
  const entries = new Map<K, { value: V; until: number }>();
  return {
    get(key, now = Date.now()) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now >= entry.until) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, ttlMs, now = Date.now()) {
      if (ttlMs <= 0) return;
      entries.delete(key);
      entries.set(key, { value, until: now + ttlMs });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as K);
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * The answer of `read` for `key`, shared with every caller within `ttlMs`,
 * including callers that ask while the first read is still under way (one
 * query however many polls arrive at once). A failed read is not kept.
 */
export function sharedRead<T>(
  cache: ExpiringCache<string, Promise<unknown>>,
  key: string,
  ttlMs: number,
  read: () => Promise<T>,
): Promise<T> {
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const pending = read();
  cache.set(key, pending, ttlMs);
  pending.catch(() => cache.delete(key));
  return pending;
}
