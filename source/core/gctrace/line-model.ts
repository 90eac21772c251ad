/**
 * The shapes of the program's own lines, learned from the lines it printed cleanly, and their
 * use when a spliced gctrace line is taken apart.
 *
 * A shape is a line with every run of digits collapsed to one class, every run of letters
 * (ASCII letters and any non-ASCII character) to another, and every other character kept:
 * `worker 7: step 31 ok` and `worker 0: step 3056 ok` have the same shape, `worker 7: 2step ok`
 * does not. The model keeps the hashes of the full shapes and of all their prefixes.
 *
 * The program text of a reading is every foreign segment, concatenated: a program line can be
 * spread over several segments (`worker 7: ` | runtime `2` | `step 31 ` | runtime ` P` | `ok\n`).
 * A reading pays SHAPE_COST once for each program line whose shape the program never printed:
 * as soon as the line's prefix leaves the learned prefixes, or at its newline if it is not a
 * whole learned line. Every reading of the same text holds the same number of program lines
 * (all newlines but the runtime's), so this compares like with like.
 *
 * A line context (the part of the current program line a reading has built so far) is a pair
 * (hash, last): last is the class of its last character, 0 for an empty line, OFF once the line
 * has paid. Hashes are polynomial (× SHAPE_B, mod 2^32), so a context extended by a piece of the
 * held text is computed in O(1) from per-position prefix hashes (RegionShapes).
 */

/** Cost of a program line of a shape the program never printed. */
export const SHAPE_COST = 14;
/** Program lines learned before their shapes count. */
const MIN_LINES_ACTIVE = 8;
/** `last` of a line context that already paid (or of any context when nothing is learned). */
export const OFF = -1;
export const SHAPE_SEED = 7;
const B = 131;
const MAX_FULL = 2048;
const MAX_PREFIXES = 32768;
const MAX_LEARN_CHARS = 1024;

let pow = new Int32Array([1]);
/** SHAPE_B^n mod 2^32. */
function powB(n: number): number {
  if (n >= pow.length) {
    const next = new Int32Array(Math.max(n + 1, pow.length * 2));
    next.set(pow);
    for (let k = pow.length; k < next.length; k++) next[k] = Math.imul(next[k - 1] ?? 1, B);
    pow = next;
  }
  return pow[n] ?? 1;
}

/** Shape class of a character (not a newline): 1 digit, 2 letter, otherwise the code + 4. */
export function shapeClass(c: number): number {
  if (c >= 48 && c <= 57) return 1;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127) return 2;
  return c + 4;
}

/**
 * The shape element of a run that starts at i (its first character has class k): a digit run
 * with a leading zero (`08`, a zero-padded date or time) is its own element, 3, since `%d`
 * never prints one.
 */
function runElement(s: string, i: number, end: number, k: number): number {
  if (k !== 1 || s.charCodeAt(i) !== 48 || i + 1 >= end) return k;
  const d = s.charCodeAt(i + 1);
  return d >= 48 && d <= 57 ? 3 : 1;
}

/** A set of 32-bit hashes: open addressing in a typed array (Set<number> is slower here). */
class HashSet32 {
  private readonly slots: Int32Array;
  private readonly used: Uint8Array;
  private readonly mask: number;
  size = 0;
  constructor(bits: number) {
    this.slots = new Int32Array(1 << bits);
    this.used = new Uint8Array(1 << bits);
    this.mask = (1 << bits) - 1;
  }
  private slot(h: number): number {
    return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  has(h: number): boolean {
    const mask = this.mask;
    for (let i = this.slot(h) & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) return false;
      if (this.slots[i] === h) return true;
    }
  }
  add(h: number): void {
    const mask = this.mask;
    for (let i = this.slot(h) & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) {
        this.used[i] = 1;
        this.slots[i] = h;
        this.size++;
        return;
      }
      if (this.slots[i] === h) return;
    }
  }
}

/** Learned shapes of the program's lines. */
export class ProgramLines {
  // Kept at most half full (MAX_FULL, MAX_PREFIXES below).
  private readonly prefixes = new HashSet32(16);
  private readonly full = new HashSet32(12);
  constructor() {
    this.prefixes.add(SHAPE_SEED);
  }
  /**
   * Whether enough lines were learned for shapes to count (before, they say nothing and cost
   * nothing): one or two lines are no evidence of what the program prints.
   */
  active = false;
  /** Lines learned so far (repeats included), up to MIN_LINES_ACTIVE. */
  private seen = 0;
  /** Whether the sets are full: nothing more is learned. */
  saturated = false;

  /** Learns the program line s[start, end) (without its newline; a trailing CR is dropped). */
  learn(s: string, start: number, end: number): void {
    if (this.saturated || end - start > MAX_LEARN_CHARS) return;
    if (this.seen < MIN_LINES_ACTIVE && ++this.seen === MIN_LINES_ACTIVE) this.active = true;
    if (end > start && s.charCodeAt(end - 1) === 13) end--;
    let h = SHAPE_SEED;
    let last = 0;
    for (let i = start; i < end; i++) {
      const k = shapeClass(s.charCodeAt(i));
      if (k === last && k <= 2) continue;
      last = k;
      h = (Math.imul(h, B) + runElement(s, i, end, k)) | 0;
    }
    if (this.full.has(h)) return;
    this.full.add(h);
    h = SHAPE_SEED;
    last = 0;
    for (let i = start; i < end; i++) {
      const k = shapeClass(s.charCodeAt(i));
      if (k === last && k <= 2) continue;
      last = k;
      h = (Math.imul(h, B) + runElement(s, i, end, k)) | 0;
      this.prefixes.add(h);
    }
    if (this.full.size >= MAX_FULL || this.prefixes.size >= MAX_PREFIXES) this.saturated = true;
  }

  hasPrefix(h: number): boolean {
    return this.prefixes.has(h);
  }
  hasFull(h: number): boolean {
    return this.full.has(h);
  }
}

/** The line context after `text` (the program's partial line before a held `gc `). */
export function contextOf(model: ProgramLines | undefined, text: string | null): [number, number] {
  if (model === undefined || !model.active || text === null) return [SHAPE_SEED, OFF];
  let h = SHAPE_SEED;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const k = shapeClass(text.charCodeAt(i));
    if (k === last && k <= 2) continue;
    last = k;
    h = (Math.imul(h, B) + runElement(text, i, text.length, k)) | 0;
    if (!model.hasPrefix(h)) return [SHAPE_SEED, OFF];
  }
  return [h, last];
}

/**
 * Per-position shape hashes of a held text, extended as the text grows (it grows by whole
 * lines), and the line-shape costs of foreign segments in it.
 */
export class RegionShapes {
  private s = '';
  private len = 0;
  /** Hash (seed 0) of the collapsed shape of s[lineStart, p). */
  private hp = new Int32Array(256);
  /** Number of classes in it. */
  private lp = new Int32Array(256);
  /** End of the run of one class that starts at p. */
  private re = new Int32Array(256);
  /** Newline positions. */
  nls = new Int32Array(64);
  nlCount = 0;
  /** lineCostSum[j]: cost of the whole lines 1..j-1 (line j ends at newline j). */
  private lineCostSum = new Float64Array(64);
  model: ProgramLines | undefined;
  on = false;
  /** Output of ctxAfter: the new context. */
  outH = SHAPE_SEED;
  outLast = OFF;

  reset(model: ProgramLines | undefined): void {
    this.model = model;
    this.on = model?.active === true;
    this.s = '';
    this.len = 0;
    this.nlCount = 0;
  }

  /** Extends to the text s (which starts with the text seen so far). */
  extend(s: string): void {
    const from = this.len;
    const len = s.length;
    this.s = s;
    if (len <= from) return;
    this.len = len;
    if (len + 2 > this.hp.length) {
      const n = Math.max(len + 2, this.hp.length * 2);
      const hp = new Int32Array(n);
      hp.set(this.hp);
      this.hp = hp;
      const lp = new Int32Array(n);
      lp.set(this.lp);
      this.lp = lp;
      const re = new Int32Array(n);
      re.set(this.re);
      this.re = re;
    }
    const hp = this.hp;
    const lp = this.lp;
    const re = this.re;
    let lineStart = from;
    // The text grows by whole lines, but be safe if the previous piece ended mid-line.
    if (from > 0 && s.charCodeAt(from - 1) !== 10) {
      lineStart = from - 1;
      while (lineStart > 0 && s.charCodeAt(lineStart - 1) !== 10) lineStart--;
    }
    if (lineStart === from && from === 0) {
      hp[0] = 0;
      lp[0] = 0;
    }
    for (let p = lineStart; p < len; p++) {
      const c = s.charCodeAt(p);
      if (c === 10) {
        hp[p + 1] = 0;
        lp[p + 1] = 0;
        if (p >= from) this.addNewline(p);
        continue;
      }
      const k = shapeClass(c);
      if (p > 0 && k <= 2 && s.charCodeAt(p - 1) !== 10 && shapeClass(s.charCodeAt(p - 1)) === k) {
        hp[p + 1] = hp[p] ?? 0;
        lp[p + 1] = lp[p] ?? 0;
      } else {
        hp[p + 1] = (Math.imul(hp[p] ?? 0, B) + runElement(s, p, len, k)) | 0;
        lp[p + 1] = (lp[p] ?? 0) + 1;
      }
    }
    // Run ends, backwards.
    let next = len;
    for (let p = len - 1; p >= lineStart; p--) {
      const c = s.charCodeAt(p);
      if (c === 10) {
        re[p] = p + 1;
        next = p;
        continue;
      }
      const k = shapeClass(c);
      if (k <= 2 && p + 1 < next && shapeClass(s.charCodeAt(p + 1)) === k)
        re[p] = re[p + 1] ?? p + 1;
      else re[p] = p + 1;
    }
  }

  private addNewline(p: number): void {
    const j = this.nlCount;
    if (j + 2 > this.nls.length) {
      const n = new Int32Array(this.nls.length * 2);
      n.set(this.nls);
      this.nls = n;
      const c = new Float64Array(this.nls.length);
      c.set(this.lineCostSum);
      this.lineCostSum = c;
    }
    this.nls[j] = p;
    this.nlCount = j + 1;
    // Line j (after newline j-1, up to newline j) as a whole program line.
    const before = this.lineCostSum[j] ?? 0;
    this.lineCostSum[j + 1] = j >= 1 ? before + this.rootLineCost(p) : 0;
  }

  private rootLineCost(nl: number): number {
    if (!this.on) return 0;
    const h = (Math.imul(SHAPE_SEED, powB(this.lp[nl] ?? 0)) + (this.hp[nl] ?? 0)) | 0;
    return this.model?.hasFull(h) ? 0 : SHAPE_COST;
  }

  /** Index of the first newline at or after p (nlCount if none). */
  nlIndexFrom(p: number): number {
    let lo = 0;
    let hi = this.nlCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.nls[mid] ?? 0) < p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Hash of context (h, last) extended by s[a, b) (no newline inside; a < b). */
  private extendHash(h: number, last: number, a: number, b: number): number {
    const r = Math.min(this.re[a] ?? a + 1, b);
    const k = shapeClass(this.s.charCodeAt(a));
    const yl = (this.lp[b] ?? 0) - (this.lp[r] ?? 0);
    const y0 = ((this.hp[b] ?? 0) - Math.imul(this.hp[r] ?? 0, powB(yl))) | 0;
    const base = last === k && k <= 2 ? h : (Math.imul(h, B) + runElement(this.s, a, b, k)) | 0;
    return (Math.imul(base, powB(yl)) + y0) | 0;
  }

  /**
   * Line-shape cost of a foreign segment s[a, b) after a reading whose line context is
   * (h, last); leaves the context after it in outH/outLast. aNl: index of the first newline at
   * or after a; bNl: index of the first newline at or after b.
   */
  gapCost(h: number, last: number, a: number, b: number, aNl: number, bNl: number): number {
    if (!this.on) {
      this.outH = SHAPE_SEED;
      this.outLast = OFF;
      return 0;
    }
    if (aNl >= bNl) {
      // Within one line.
      if (last === OFF) {
        this.outH = h;
        this.outLast = OFF;
        return 0;
      }
      const x = this.extendHash(h, last, a, b);
      if (this.model?.hasPrefix(x)) {
        this.outH = x;
        this.outLast = shapeClass(this.s.charCodeAt(b - 1));
        return 0;
      }
      this.outH = x;
      this.outLast = OFF;
      return SHAPE_COST;
    }
    // Finishes the current line, whole lines, then starts the line of b.
    let c = this.finishCost(h, last, a, aNl);
    c += (this.lineCostSum[bNl] ?? 0) - (this.lineCostSum[aNl + 1] ?? 0);
    c += this.rootCtx(b);
    return c;
  }

  /** The part of gapCost that depends on the reading before a (for a gap holding a newline). */
  startPart(h: number, last: number, a: number, aNl: number): number {
    if (!this.on) return 0;
    return this.finishCost(h, last, a, aNl) - (this.lineCostSum[aNl + 1] ?? 0);
  }

  /** The part of gapCost that depends on b (for a gap holding a newline); sets outH/outLast. */
  endPart(b: number, bNl: number): number {
    if (!this.on) {
      this.outH = SHAPE_SEED;
      this.outLast = OFF;
      return 0;
    }
    return (this.lineCostSum[bNl] ?? 0) + this.rootCtx(b);
  }

  /** Cost of ending the line of context (h, last) with s[a, newline aNl]. */
  finishCost(h: number, last: number, a: number, aNl: number): number {
    if (!this.on || last === OFF) return 0;
    const nl = this.nls[aNl] ?? this.len;
    const x = a < nl ? this.extendHash(h, last, a, nl) : h;
    return this.model?.hasFull(x) ? 0 : SHAPE_COST;
  }

  /** Context of a program line that starts at its line start and runs to b; returns its cost. */
  private rootCtx(b: number): number {
    const l = this.lp[b] ?? 0;
    if (l === 0) {
      this.outH = SHAPE_SEED;
      this.outLast = 0;
      return 0;
    }
    const x = (Math.imul(SHAPE_SEED, powB(l)) + (this.hp[b] ?? 0)) | 0;
    if (this.model?.hasPrefix(x)) {
      this.outH = x;
      this.outLast = shapeClass(this.s.charCodeAt(b - 1));
      return 0;
    }
    this.outH = x;
    this.outLast = OFF;
    return SHAPE_COST;
  }

  /**
   * Cost of the program text after a reading that ends at e with context (h, last), up to the
   * last newline of the text: the rest of the current line, then whole lines. Readings that
   * end earlier leave more program text behind; this scores it the same way.
   */
  tailCost(h: number, last: number, e: number): number {
    if (!this.on || e >= this.len) return 0;
    const eNl = this.nlIndexFrom(e);
    if (eNl >= this.nlCount) {
      // The line goes on past the text: only its prefix can be judged.
      if (last === OFF || e >= this.len) return 0;
      const x = this.extendHash(h, last, e, this.len);
      return this.model?.hasPrefix(x) ? 0 : SHAPE_COST;
    }
    return (
      this.finishCost(h, last, e, eNl) +
      (this.lineCostSum[this.nlCount] ?? 0) -
      (this.lineCostSum[eNl + 1] ?? 0)
    );
  }
}
