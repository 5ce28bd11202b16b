/**
 * One value per process, whichever module graph asks. Next bundles each route
 * (and the server entry) separately, so a module-level `const cache = new Map()`
 * exists once per bundle: a sign-out handled by one route would clear its own
 * copy while another route kept serving the old entry. Everything a process
 * must share (caches, holders, registries) is made through here, keyed by a
 * global symbol (`Symbol.for`), which every bundle resolves to the same key.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`howdah.${name}`);
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  if (!(key in holder)) holder[key] = create();
  return holder[key] as T;
}
