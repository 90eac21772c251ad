/**
 * Fast path: scans one line that should be an unspliced gctrace line, with charCodeAt and
 * no allocation besides the result. Every number must be something the runtime could have
 * printed (see number-format.ts); anything else returns null and the caller falls back to the
 * splice search.
 */
import type { GcCycle } from './types.js';

const D0 = 48;
const D9 = 57;
const DOT = 46;
const SP = 32;
const PLUS = 43;
const SLASH = 47;
const PCT = 37;

/** Cursor shared by the readers below (avoids allocating a result per number). */
let cur = 0;

/** printuint: `0` or digits without a leading zero. Returns -1 if not that. */
function readInt(s: string, i: number, end: number): number {
  const start = i;
  let v = 0;
  let c = s.charCodeAt(i);
  while (i < end && c >= D0 && c <= D9) {
    v = v * 10 + (c - D0);
    c = s.charCodeAt(++i);
  }
  const n = i - start;
  if (n === 0 || n > 15 || (n > 1 && s.charCodeAt(start) === D0)) return -1;
  cur = i;
  return v;
}

/** fmtNSAsMS output. Returns -1 if not that. */
function readMs(s: string, i: number, end: number): number {
  const start = i;
  let v = 0;
  let c = s.charCodeAt(i);
  while (i < end && c >= D0 && c <= D9) {
    v = v * 10 + (c - D0);
    c = s.charCodeAt(++i);
  }
  const intLen = i - start;
  if (intLen === 0) return -1;
  if (c !== DOT || i >= end) {
    // `0` or whole milliseconds ≥ 10.
    if (intLen === 1 ? v !== 0 : s.charCodeAt(start) === D0 || intLen > 15) return -1;
    cur = i;
    return v;
  }
  if (intLen !== 1) return -1;
  const f0 = s.charCodeAt(i + 1);
  const f1 = s.charCodeAt(i + 2);
  const f2 = s.charCodeAt(i + 3);
  const d0 = f0 >= D0 && f0 <= D9;
  const d1 = d0 && i + 2 < end && f1 >= D0 && f1 <= D9;
  const d2 = d1 && i + 3 < end && f2 >= D0 && f2 <= D9;
  if (!d0 || i + 1 >= end) return -1;
  if (!d1) {
    // 1.0 – 9.9
    if (v === 0) return -1;
    cur = i + 2;
    return (v * 10 + (f0 - D0)) / 10;
  }
  if (v !== 0) return -1;
  if (!d2) {
    // 0.10 – 0.99
    if (f0 === D0) return -1;
    cur = i + 3;
    return ((f0 - D0) * 10 + (f1 - D0)) / 100;
  }
  // 0.001 – 0.099
  const x = (f1 - D0) * 10 + (f2 - D0);
  if (f0 !== D0 || x === 0) return -1;
  const after = s.charCodeAt(i + 4);
  if (i + 4 < end && after >= D0 && after <= D9) return -1;
  cur = i + 4;
  return x / 1000;
}

/** itoaDiv(ms, 3): `<int>.<3 digits>`. Returns -1 if not that. */
function readSeconds(s: string, i: number, end: number): number {
  const start = i;
  let v = 0;
  let c = s.charCodeAt(i);
  while (i < end && c >= D0 && c <= D9) {
    v = v * 10 + (c - D0);
    c = s.charCodeAt(++i);
  }
  const intLen = i - start;
  if (intLen === 0 || intLen > 12 || (intLen > 1 && s.charCodeAt(start) === D0)) return -1;
  if (c !== DOT || i + 3 >= end) return -1;
  for (let k = 1; k <= 3; k++) {
    const d = s.charCodeAt(i + k);
    if (d < D0 || d > D9) return -1;
    v = v * 10 + (d - D0);
  }
  cur = i + 4;
  return v / 1000;
}

/**
 * s[start, end) is one gctrace line without its line ending, starting with `gc `.
 * Returns the cycle (process 0, not periodic) or null.
 */
export function scanCleanLine(s: string, start: number, end: number): GcCycle | null {
  const n = readInt(s, start + 3, end);
  if (n < 0 || s.charCodeAt(cur) !== SP || s.charCodeAt(cur + 1) !== 64) return null;
  const at = readSeconds(s, cur + 2, end);
  if (at < 0 || s.charCodeAt(cur) !== 115 || s.charCodeAt(cur + 1) !== SP) return null;
  const util = readInt(s, cur + 2, end);
  if (util < 0 || util > 100 || s.charCodeAt(cur) !== PCT) return null;
  let i = cur + 1;
  let leakCheck = false;
  if (s.charCodeAt(i) === SP && s.startsWith(' (checking for goroutine leaks)', i)) {
    leakCheck = true;
    i += 31;
  }
  if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== SP) return null;
  const c0 = readMs(s, i + 2, end);
  if (c0 < 0 || s.charCodeAt(cur) !== PLUS) return null;
  const c1 = readMs(s, cur + 1, end);
  if (c1 < 0 || s.charCodeAt(cur) !== PLUS) return null;
  const c2 = readMs(s, cur + 1, end);
  if (c2 < 0 || !s.startsWith(' ms clock, ', cur)) return null;
  const p0 = readMs(s, cur + 11, end);
  if (p0 < 0 || s.charCodeAt(cur) !== PLUS) return null;
  const p1 = readMs(s, cur + 1, end);
  if (p1 < 0 || s.charCodeAt(cur) !== SLASH) return null;
  const p2 = readMs(s, cur + 1, end);
  if (p2 < 0 || s.charCodeAt(cur) !== SLASH) return null;
  const p3 = readMs(s, cur + 1, end);
  if (p3 < 0 || s.charCodeAt(cur) !== PLUS) return null;
  const p4 = readMs(s, cur + 1, end);
  if (p4 < 0 || !s.startsWith(' ms cpu, ', cur)) return null;
  const h0 = readInt(s, cur + 9, end);
  if (h0 < 0 || s.charCodeAt(cur) !== 45 || s.charCodeAt(cur + 1) !== 62) return null;
  const h1 = readInt(s, cur + 2, end);
  if (h1 < 0 || s.charCodeAt(cur) !== 45 || s.charCodeAt(cur + 1) !== 62) return null;
  const h2 = readInt(s, cur + 2, end);
  if (h2 < 0 || !s.startsWith(' MB, ', cur)) return null;
  const goal = readInt(s, cur + 5, end);
  if (goal < 0 || !s.startsWith(' MB goal, ', cur)) return null;
  let procs = readInt(s, cur + 10, end);
  if (procs < 0) return null;
  let stacks: number | null = null;
  let globals: number | null = null;
  if (s.startsWith(' MB stacks, ', cur)) {
    stacks = procs;
    globals = readInt(s, cur + 12, end);
    if (globals < 0 || !s.startsWith(' MB globals, ', cur)) return null;
    procs = readInt(s, cur + 13, end);
    if (procs < 0) return null;
  }
  if (s.charCodeAt(cur) !== SP || s.charCodeAt(cur + 1) !== 80) return null;
  i = cur + 2;
  let forced = false;
  if (i !== end) {
    if (end - i !== 9 || !s.startsWith(' (forced)', i)) return null;
    forced = true;
  }
  return {
    n,
    atSeconds: at,
    cpuPercent: util,
    clockMs: [c0, c1, c2],
    cpuMs: [p0, p1, p2, p3, p4],
    heapMiB: [h0, h1, h2],
    goalMiB: goal,
    stacksMiB: stacks,
    globalsMiB: globals,
    procs,
    forced,
    periodic: false,
    leakCheck,
    process: 0,
  };
}
