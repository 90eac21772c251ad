import { UsageError } from '../errors.js';
import { parseBytes, parseDurationMs } from '../format/units.js';

/** `--marks 5s,20s` → [5000, 20000] ms after the program is up; strictly increasing. */
export function parseMarkTimes(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const times: number[] = [];
  for (const part of parts) {
    const ms = parseDurationMs(part);
    if (ms === null || ms < 0) {
      throw new UsageError(`--marks: "${part}" is not a duration (use e.g. 5s,20s or 500ms,2m)`);
    }
    const previous = times[times.length - 1];
    if (previous !== undefined && ms <= previous) {
      throw new UsageError(`--marks: times must increase, but ${part} comes after a later one`);
    }
    times.push(ms);
  }
  return times;
}

export function parseTimeout(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const ms = parseDurationMs(text);
  if (ms === null || ms <= 0)
    throw new UsageError(`--timeout: "${text}" is not a positive duration (e.g. 15s)`);
  return ms;
}

export function parseGrowthLimit(text: string | undefined): number | null {
  if (text === undefined) return null;
  const bytes = parseBytes(text);
  if (bytes === null)
    throw new UsageError(`--fail-on-growth: "${text}" is not a size (e.g. 10MiB)`);
  return bytes;
}

/** `--top <n>`: a positive whole number of rows, as typed. */
export function parseTop(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n <= 0 || !Number.isSafeInteger(n)) {
    throw new UsageError(`--top must be a positive whole number, not "${text}"`);
  }
  return n;
}

/** A pprof base URL as the user typed it: http(s) only, trailing slash and /debug/pprof removed. */
export function normalizePprofUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `http://${text}`);
  } catch {
    throw new UsageError(`--pprof: "${text}" is not a URL (e.g. http://localhost:6060)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--pprof: only http and https URLs are supported, got ${url.protocol}`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/debug\/pprof$/, '');
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/$/, '');
}
