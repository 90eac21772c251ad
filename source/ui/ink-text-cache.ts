/**
 * Ink 6 keeps a module-level Map from every text it ever measured to its size
 * (ink/build/measure-text.js) and never evicts: a dashboard whose charts scroll adds
 * ~70 strings a frame, ~45 KiB, forever (upstream: vadimdemedes/ink#986, fixed only in
 * Ink 7, which needs Node 22). We find that Map once, by measuring a unique probe string
 * while Map.prototype.set is watched, and empty it when it grows past a bound. An empty
 * cache costs a few re-measurements, nothing else. If Ink's layout ever differs, the probe
 * finds nothing and this does nothing.
 */

type Trim = () => void;

const noTrim: Trim = () => {};

let found: Promise<Map<unknown, unknown> | null> | null = null;

async function findCache(): Promise<Map<unknown, unknown> | null> {
  try {
    const url = new URL('./measure-text.js', import.meta.resolve('ink'));
    const mod = (await import(url.href)) as { default?: (text: string) => unknown };
    const measure = mod.default;
    if (typeof measure !== 'function') return null;
    const probe = `gcdiff-probe-${process.pid}-${Math.random()}`;
    let cache: Map<unknown, unknown> | null = null;
    const originalSet = Map.prototype.set;
    Map.prototype.set = function set(this: Map<unknown, unknown>, key: unknown, value: unknown) {
      if (key === probe) cache = this;
      return originalSet.call(this, key, value);
    };
    try {
      measure(probe);
    } finally {
      Map.prototype.set = originalSet;
    }
    const map = cache as Map<unknown, unknown> | null;
    map?.delete(probe);
    return map;
  } catch {
    return null;
  }
}

/** Resolves to a function that empties Ink's text-size cache once it holds more than `max` texts. */
export async function inkTextCacheTrimmer(max = 5000): Promise<Trim> {
  found ??= findCache();
  const cache = await found;
  if (!cache) return noTrim;
  return () => {
    if (cache.size > max) cache.clear();
  };
}

/** Whether the cache was found (for tests and the bench). */
export async function inkTextCacheSize(): Promise<number | null> {
  found ??= findCache();
  const cache = await found;
  return cache ? cache.size : null;
}
