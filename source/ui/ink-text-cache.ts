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

/**
 * Ink 6 also builds a fresh Output, with fresh caches, for every frame, so every line of
 * every frame is tokenised again (ANSI parsing with Intl.Segmenter per character: the largest
 * part of a 200×50 frame once string-width was replaced), though most rows (header, output
 * pane, key bar, unchanged charts) are the same text as in the frame before. This makes the
 * per-frame styled-character cache outlive the frame: lines of the last two generations of
 * SHARED_LINES lines are kept, older ones dropped. Styled characters are only read by Ink
 * (never mutated), and depend on the line's text alone. If Ink's Output is not shaped as
 * expected, nothing is changed.
 */
const SHARED_LINES = 256;

type StyledCharsCache = { getStyledChars(line: string): unknown };

let shared: Promise<boolean> | null = null;
let sharedSize: () => number = () => 0;

async function installSharedStyledChars(): Promise<boolean> {
  try {
    const url = new URL('./output.js', import.meta.resolve('ink'));
    const Output = (await import(url.href)).default as new (o: {
      width: number;
      height: number;
    }) => { caches?: unknown };
    const caches = new Output({ width: 1, height: 1 }).caches;
    const proto = caches ? (Object.getPrototypeOf(caches) as StyledCharsCache | null) : null;
    const own = proto?.getStyledChars;
    if (!proto || typeof own !== 'function') return false;
    let current = new Map<string, unknown>();
    let previous = new Map<string, unknown>();
    proto.getStyledChars = function getStyledChars(this: StyledCharsCache, line: string) {
      let chars = current.get(line);
      if (chars !== undefined) return chars;
      chars = previous.get(line) ?? own.call(this, line);
      if (current.size >= SHARED_LINES) {
        previous = current;
        current = new Map();
      }
      current.set(line, chars);
      return chars;
    };
    sharedSize = () => current.size + previous.size;
    return true;
  } catch {
    return false;
  }
}

/** Makes Ink reuse styled characters across frames (once per process); whether it could. */
export function shareInkStyledChars(): Promise<boolean> {
  shared ??= installSharedStyledChars();
  return shared;
}

/** Lines held by the shared styled-character cache (for tests): at most 2 × SHARED_LINES. */
export function sharedStyledCharsSize(): number {
  return sharedSize();
}
