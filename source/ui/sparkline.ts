/** Tiny one-row charts for panels with no room for a real chart. */

export const SPARK_BLOCKS = '▁▂▃▄▅▆▇█';
export const SPARK_ASCII = '_.-=*#';

export interface SparklineOptions {
  /** Characters to use, lowest first. Defaults to block elements, or `_.-=*#` with `ascii`. */
  ascii?: boolean;
  /** Keep only the last `width` values. */
  width?: number;
  /** Scale bounds; default to the values' own range. */
  min?: number;
  max?: number;
}

/**
 * One character per value. Missing values (null, NaN) are spaces. A flat series sits
 * on the lowest level when it is at the minimum bound, otherwise in the middle.
 */
export function sparkline(
  values: readonly (number | null)[],
  options: SparklineOptions = {},
): string {
  const levels = options.ascii ? SPARK_ASCII : SPARK_BLOCKS;
  const chars = Array.from(levels);
  const top = chars.length - 1;
  const shown = options.width === undefined ? values : values.slice(-Math.max(0, options.width));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of shown) {
    if (v === null || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const min = options.min ?? lo;
  const max = options.max ?? hi;
  // Halved, so that extreme ranges do not overflow to Infinity. A range too small to divide
  // by (subnormal numbers: 6e-323 / 2 - 5.4e-323 / 2 is 0) is drawn as a flat series.
  const span = max / 2 - min / 2;
  let out = '';
  for (const v of shown) {
    if (v === null || !Number.isFinite(v)) {
      out += ' ';
      continue;
    }
    let level: number;
    if (!(span > 0)) level = v > min ? Math.ceil(top / 2) : 0;
    else {
      const t = (Math.min(max, Math.max(min, v)) / 2 - min / 2) / span;
      // NaN only from infinite bounds given as options: the floor.
      level = Number.isNaN(t) ? 0 : Math.min(top, Math.max(0, Math.round(t * top)));
    }
    out += chars[level] as string;
  }
  return out;
}
