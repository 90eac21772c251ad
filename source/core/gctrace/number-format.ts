/**
 * The Go runtime's own number formatting for gctrace lines (src/runtime/mgc.go, Go 1.17–1.26):
 *
 * - integers (`gc N`, `N%`, every `MB` figure, `P`) go through printuint/printint: plain decimal,
 *   no leading zeros, `0` for zero;
 * - `@S s` is `itoaDiv(ms, 3)`: whole milliseconds with a point before the last 3 digits (`0.007`);
 * - clock and cpu times are `fmtNSAsMS`: ≥10 ms whole ms (`30`); otherwise the microseconds are
 *   cut to two significant digits with at most 3 decimals, trailing zeros kept (`0.005`, `0.040`,
 *   `0.40`, `4.0`); below 1 µs it prints `0`.
 *
 * These helpers check whether a piece of text is something the runtime could have printed
 * (`4.62`, `08`, `0.4` and `2` are impossible clock values) and turn values back into text.
 */

/** Which printer produced a numeric token. */
export const NumberKind = {
  /** printuint: `0` or a decimal without leading zeros. */
  integer: 0,
  /** itoaDiv(ms, 3): seconds with exactly 3 decimals. */
  seconds: 1,
  /** fmtNSAsMS: the clock/cpu times. */
  millis: 2,
  /** The GC CPU percent: an integer 0–100. */
  percent: 3,
} as const;
export type NumberKind = (typeof NumberKind)[keyof typeof NumberKind];

const ZERO = 48;
const NINE = 57;
const DOT = 46;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/**
 * Value of s[start, end) if the runtime could have printed exactly that text for `kind`,
 * otherwise -1. Values are computed as integer ÷ power of ten, which gives the same double
 * as parseFloat of the same text.
 */
export function runtimeNumberValue(
  s: string,
  start: number,
  end: number,
  kind: NumberKind,
): number {
  const len = end - start;
  if (len <= 0 || len > 20) return -1;
  const c0 = s.charCodeAt(start);
  if (!isDigit(c0)) return -1;
  if (kind === NumberKind.integer || kind === NumberKind.percent) {
    if (c0 === ZERO && len > 1) return -1;
    let v = 0;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (!isDigit(c)) return -1;
      v = v * 10 + (c - ZERO);
    }
    if (kind === NumberKind.percent && v > 100) return -1;
    return v;
  }
  // Find the point.
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === DOT) {
      if (dot !== -1) return -1;
      dot = i;
    } else if (!isDigit(c)) {
      return -1;
    }
  }
  if (kind === NumberKind.seconds) {
    // <int>.<3 digits>, int without leading zeros.
    if (dot === -1 || end - dot !== 4 || dot === start) return -1;
    if (c0 === ZERO && dot - start > 1) return -1;
    let v = 0;
    for (let i = start; i < end; i++) {
      if (i === dot) continue;
      v = v * 10 + (s.charCodeAt(i) - ZERO);
    }
    return v / 1000;
  }
  // millis
  if (dot === -1) {
    // `0`, or whole milliseconds ≥ 10.
    if (len === 1) return c0 === ZERO ? 0 : -1;
    if (c0 === ZERO) return -1;
    let v = 0;
    for (let i = start; i < end; i++) v = v * 10 + (s.charCodeAt(i) - ZERO);
    return v;
  }
  const intLen = dot - start;
  const dec = end - dot - 1;
  if (intLen !== 1) return -1;
  const d1 = s.charCodeAt(dot + 1);
  if (dec === 1) {
    // 1.0 – 9.9
    if (c0 === ZERO) return -1;
    return ((c0 - ZERO) * 10 + (d1 - ZERO)) / 10;
  }
  if (c0 !== ZERO) return -1;
  if (dec === 2) {
    // 0.10 – 0.99
    if (d1 === ZERO) return -1;
    return ((d1 - ZERO) * 10 + (s.charCodeAt(dot + 2) - ZERO)) / 100;
  }
  if (dec === 3) {
    // 0.001 – 0.099
    if (d1 !== ZERO) return -1;
    const v = (s.charCodeAt(dot + 2) - ZERO) * 10 + (s.charCodeAt(dot + 3) - ZERO);
    return v === 0 ? -1 : v / 1000;
  }
  return -1;
}

/** The runtime's itoaDiv(val, dec). */
function itoaDiv(val: number, dec: number): string {
  let digits = String(val);
  if (dec === 0) return digits;
  while (digits.length <= dec) digits = `0${digits}`;
  return `${digits.slice(0, digits.length - dec)}.${digits.slice(digits.length - dec)}`;
}

/** fmtNSAsMS for a duration in nanoseconds, exactly as the runtime prints it. */
export function formatNsAsMs(ns: number): string {
  const n = Math.max(0, Math.floor(ns));
  if (n >= 10e6) return itoaDiv(Math.floor(n / 1e6), 0);
  let x = Math.floor(n / 1e3);
  if (x === 0) return '0';
  let dec = 3;
  while (x >= 100) {
    x = Math.floor(x / 10);
    dec--;
  }
  return itoaDiv(x, dec);
}

/**
 * Prints a millisecond value the way fmtNSAsMS would have printed it. Values that came from the
 * runtime (or from formatNsAsMs) round-trip exactly.
 */
export function formatMs(ms: number): string {
  if (!(ms > 0)) return '0';
  if (ms >= 10) return String(Math.floor(ms + 1e-9));
  return formatNsAsMs(Math.round(ms * 1000) * 1000);
}

/** Prints `@S s` seconds with 3 decimals, as itoaDiv(ms, 3). */
export function formatSeconds(seconds: number): string {
  return itoaDiv(Math.max(0, Math.round(seconds * 1000)), 3);
}

/** Parses a millis token that the runtime printed (or -1); convenience for tests. */
export function parseRuntimeMs(text: string): number {
  return runtimeNumberValue(text, 0, text.length, NumberKind.millis);
}
