/**
 * Slow path for heavily spliced lines: a dynamic program (Viterbi) over the runtime's write
 * sequence, linear in the held text and incremental as the held text grows line by line.
 *
 * The runtime writes a gctrace line as a strict sequence of tokens (see STEPS in
 * splice-search.ts); program writes (whole lines, partial fmt writes, text with newlines) can
 * land between any two of them, any number of times. The search in splice-search.ts explores
 * segmentations depth first, which is exact for a few foreign writes but blows up when a busy
 * program lands 20+ writes inside one line. Here the same costs are laid out as a shortest
 * path: layer i holds the positions where runtime token i-1 can end, with the cheapest cost to
 * get there. A foreign segment [a, b) costs
 *
 *   base(a) + splitStart(a) + partial(b) + splitEnd(b) + RUNTIME_WORD_COST × words in [a, b)
 *   + the line-shape cost of the program text it adds (line-model.ts)
 *
 * For a segment that holds a newline all of this splits into a part that depends on the
 * reading up to a and a part that depends on b, so the best segment into every candidate start
 * b is a sliding-window minimum (a monotone deque) over the previous layer. A segment within
 * one line extends the program line the reading has built so far, so its shape cost depends on
 * both ends: those few predecessors (the states on b's line) are tried one by one.
 * Plausibility terms (heap close to the previous cycle, cpu within clock × P, …) use the
 * values on the cheapest path into each state, as in Viterbi decoding.
 *
 * Incremental: the held text only grows, by whole lines, and every state depends only on the
 * text before it, so each call goes on where the last one stopped (per layer: the next
 * candidate start, the deques, the predecessors already taken). A held region costs time
 * linear in its length, however many lines it is fed in.
 *
 * Ambiguity: fields whose value differs on another complete reading within AMBIGUITY_MARGIN of
 * the best (found by a backward pass: best forward cost into a token + best cost from its end to
 * a complete reading) are reported with every such value. A state keeps only the cheapest way
 * into it, so readings that merge (program `3079` + runtime `5` + ` ms 79 %: ` against program
 * `30795 ms ` + runtime `7` + `9 %: `, both followed by the runtime's `%`) would hide each
 * other: ways within the margin are offered as well and kept per state (near ties), and the
 * backward pass follows them too.
 */

import { OFF, RegionShapes, SHAPE_SEED } from './line-model.js';
import { NumberKind, runtimeNumberValue } from './number-format.js';
import {
  AMBIGUITY_MARGIN,
  cycleNumberCost,
  F,
  FIELD_COUNT,
  FIELD_NAMES,
  FORCED_LEFTOVER_COST,
  FOREIGN_COST,
  GAP_MAX_BYTES,
  GAP_MAX_LINES,
  HEAP_SHRINK_COST,
  KNOWN_FOREIGN_COST,
  LINE_LIKE_COST,
  otherLineAt,
  PARTIAL_COST,
  RUNTIME_WORD_COST,
  RUNTIME_WORDS,
  type SearchContext,
  type SearchOutcome,
  SPLIT_END_COST,
  SPLIT_START_COST,
  STEP_FORCED,
  STEP_LEAK,
  STEPS,
  skeletonBefore,
  TRUNCATED_COST,
  tailFieldCost,
  utilCost,
} from './splice-search.js';
import type { AmbiguousField, GcCycle } from './types.js';

const MS = NumberKind.millis;
const FINAL_STEP = STEPS.length - 1;
const DONE = FINAL_STEP + 1;
const STEP_STACKS = 33;
const STEP_PROCS = 37;
/** Most cost a reading may have: a base plus this much per line of held text. */
const BASE_MAX_COST = 46;
/**
 * A heavy line pays per program line it is spread over: one to three foreign writes (7–12 each)
 * and, for lines the program never printed whole, a line-shape cost (line-model.ts). True
 * readings of the flood captures paid up to 18 a line (16 cut three cycles of flood-c off);
 * more room only lets more hopeless states through.
 */
const COST_PER_LINE = 24;
/**
 * The last-resort search (SpliceDp.begin(ctx, true)), for a held line about to be handed out as
 * program output, lost as a cycle: a gctrace line the program wrote into a dozen times (fmt
 * partial writes while the runtime's writing thread is starved) pays more than COST_PER_LINE a
 * line. Readings that dear are taken only if their cycle number continues the sequence (the
 * parser checks), and are marked `bestGuess`.
 */
const LAST_RESORT_COST_PER_LINE = 96;
/** Per step: the field its number fills, or -1 (a literal). */
const STEP_FIELD = new Int8Array(STEPS.length).fill(-1);
for (let i = 0; i < STEPS.length; i++) {
  const def = STEPS[i];
  if (def !== undefined && 'num' in def) STEP_FIELD[i] = def.num;
}
/** Marker in aStep: the state skips the stacks/globals part (Go ≤1.17). */
const SKIP = -2;
const EPSILON = -11;
const ROOT = -1;
/** A cycle more than this many seconds after the previous one (sysmon forces one every 120 s). */
const LATE_CYCLE_SECONDS = 130;
const LATE_CYCLE_COST = 16;
/** CPU time above wall time × P (with rounding slack) cannot happen. */
const CPU_OVER_CLOCK_COST = 12;
/** One process prints one format: a switch after a cycle of the other format is unlikely. */
const DP_FORMAT_SWITCH_COST = 40;
/** Most predecessors on b's own line tried one by one (the cheapest are kept). */
const SAME_LINE_MAX = 8;

/** Like closeness, with a cap far enough out that a factor of 1000 outweighs a foreign write. */
function far(v: number, pred: number): number {
  return Math.min(24, 1.5 * Math.abs(Math.log2((v + 1) / (pred + 1))));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isNumChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}

function growI32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const n = new Int32Array(Math.max(need, a.length * 2));
  n.set(a);
  return n;
}
function growF64(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const n = new Float64Array(Math.max(need, a.length * 2));
  n.set(a);
  return n;
}

/** A monotone deque of state ids with keys (sliding-window minimum). */
class Deque {
  ids = new Int32Array(64);
  keys = new Float64Array(64);
  head = 0;
  tail = 0;
  clear(): void {
    this.head = 0;
    this.tail = 0;
  }
  push(id: number, key: number): void {
    while (this.tail > this.head && (this.keys[this.tail - 1] ?? 0) >= key) this.tail--;
    if (this.tail >= this.ids.length) {
      // Compact first, then grow.
      const n = this.tail - this.head;
      this.ids.copyWithin(0, this.head, this.tail);
      this.keys.copyWithin(0, this.head, this.tail);
      this.head = 0;
      this.tail = n;
      this.ids = growI32(this.ids, n + 1);
      this.keys = growF64(this.keys, n + 1);
    }
    this.ids[this.tail] = id;
    this.keys[this.tail] = key;
    this.tail++;
  }
}

/** Per layer: the transition to the next layer, resumable. */
interface Cursor {
  /** Next candidate start b to look at. */
  b: number;
  /** Next predecessor (index into the layer) not taken into a deque or list yet. */
  j: number;
  /** Predecessors on earlier lines than b (gaps with a newline). */
  prevLines: Deque;
  /** Predecessors on b's line, in position order, and the line they are on. */
  sameIds: Int32Array<ArrayBuffer>;
  sameKeys: Float64Array<ArrayBuffer>;
  sameLen: number;
  sameLine: number;
  /** Same-line predecessors left out of the list (tried again from the next line on). */
  overflow: number[];
  nlBefore: number;
  gcBefore: number;
}

/** The shortest-path search over one held region, fed the region as it grows. */
export class SpliceDp {
  /** Most cost per line of held text a reading may have (see LAST_RESORT_COST_PER_LINE). */
  private perLine = COST_PER_LINE;
  // ---- States --------------------------------------------------------------------------
  private cap = 0;
  private aPos = new Int32Array(0);
  private aCost = new Float64Array(0);
  private aBack = new Int32Array(0);
  private aStep = new Int16Array(0);
  private aTok = new Int32Array(0);
  private aGap = new Int32Array(0);
  private aVal = new Float64Array(0);
  private aCtxH = new Int32Array(0);
  private aCtxL = new Int32Array(0);
  private aRest = new Float64Array(0);
  /** First near-tie alternative of a state (index into the alt arrays), or -1. */
  private aAlt = new Int32Array(0);
  private states = 0;

  // ---- Near-tie alternatives ---------------------------------------------------------------
  // A state keeps only the cheapest way into its position; ways within AMBIGUITY_MARGIN of it
  // are kept here (predecessor, cost, value, step), so that the ambiguity pass can follow
  // readings that merge into the same state (`3079`+runtime `5` vs `30795 ms `+runtime `7`).
  private altBack = new Int32Array(256);
  private altCost = new Float64Array(256);
  private altVal = new Float64Array(256);
  private altStep = new Int16Array(256);
  private altNext = new Int32Array(256);
  private alts = 0;

  // ---- Layers ----------------------------------------------------------------------------
  private readonly layers: Int32Array<ArrayBuffer>[] = [];
  private readonly layerLen = new Int32Array(DONE + 1);
  private readonly cursors: Cursor[] = [];
  /** Per layer: states in position order with increasing cost (for the cheapest live state). */
  private readonly alive: Deque[] = [];

  // ---- Text ------------------------------------------------------------------------------
  private S = '';
  private LEN = 0;
  private readonly shapes = new RegionShapes();
  private wordEnds = new Int32Array(256);
  private shapeMemo = new Int8Array(256);
  private likeMemo = new Int8Array(256);
  private stamp = new Int32Array(256);
  private atPos = new Int32Array(256);
  /** Per position p: the first digit at or after p (LEN if none). */
  private nextDigit = new Int32Array(256);
  /** Per digit or point p: the end of the run of digits and points it is in. */
  private numRunEnd = new Int32Array(256);
  /** Per digit or point p: the first point in [p, numRunEnd[p]), or numRunEnd[p]. */
  private numDot = new Int32Array(256);
  /** Per position p: the newlines before p, i.e. shapes.nlIndexFrom(p) (text only grows). */
  private lineOf = new Int32Array(256);
  /** Per position b < LEN: gapEndCost(b), which depends only on the text up to b. */
  private endCostAt = new Float64Array(256);
  private stampNow = 1;
  private gcs = new Int32Array(16);
  private gcCount = 0;
  private forcedAt = new Int32Array(16);
  private forcedCount = 0;

  // ---- Search context --------------------------------------------------------------------
  private prev: GcCycle | null = null;
  private ctx: SearchContext | null = null;
  private goalPred: number | null = null;
  private pending = new Int32Array(256);
  private pendingLen = 0;
  /** closeLayer's scratch for sorting the pending positions. */
  private sortBuf = new Int32Array(256);
  private readonly scratch = new Float64Array(FIELD_COUNT);
  /** The state whose path values scratch holds (see valuesOf), or -1. */
  private scratchFor = -1;
  private started = false;
  /** The skeleton, once present, stays present as the text grows. */
  private skeleton = false;
  private readonly newFrom = new Int32Array(DONE + 1);

  constructor() {
    for (let i = 0; i <= DONE; i++) {
      this.layers.push(new Int32Array(64));
      this.alive.push(new Deque());
      this.cursors.push({
        b: 0,
        j: 0,
        prevLines: new Deque(),
        sameIds: new Int32Array(32),
        sameKeys: new Float64Array(32),
        sameLen: 0,
        sameLine: -1,
        overflow: [],
        nlBefore: 0,
        gcBefore: 0,
      });
    }
  }

  /** Starts a new held region. */
  begin(ctx: SearchContext, lastResort = false): void {
    this.ctx = ctx;
    this.perLine = lastResort ? LAST_RESORT_COST_PER_LINE : COST_PER_LINE;
    this.prev = ctx.prev;
    this.goalPred = ctx.goalPred ?? null;
    this.states = 0;
    this.alts = 0;
    this.S = '';
    this.LEN = 0;
    this.gcCount = 0;
    this.forcedCount = 0;
    this.pendingLen = 0;
    this.scratchFor = -1;
    this.stampNow++;
    this.shapes.reset(ctx.lines);
    for (let i = 0; i <= DONE; i++) {
      this.layerLen[i] = 0;
      this.alive[i]?.clear();
      const c = this.cursors[i];
      if (c === undefined) continue;
      c.b = 0;
      c.j = 0;
      c.prevLines.clear();
      c.sameLen = 0;
      c.sameLine = -1;
      c.overflow.length = 0;
      c.nlBefore = 0;
      c.gcBefore = 0;
    }
    this.started = false;
    this.skeleton = false;
  }

  // ---- Storage helpers -------------------------------------------------------------------
  private grow(): void {
    const n = Math.max(1024, this.cap * 2);
    const i32 = (a: Int32Array<ArrayBuffer>) => {
      const x = new Int32Array(n);
      x.set(a);
      return x;
    };
    const f64 = (a: Float64Array<ArrayBuffer>) => {
      const x = new Float64Array(n);
      x.set(a);
      return x;
    };
    this.aPos = i32(this.aPos);
    this.aCost = f64(this.aCost);
    this.aBack = i32(this.aBack);
    const step = new Int16Array(n);
    step.set(this.aStep);
    this.aStep = step;
    this.aTok = i32(this.aTok);
    this.aGap = i32(this.aGap);
    this.aVal = f64(this.aVal);
    this.aCtxH = i32(this.aCtxH);
    this.aCtxL = i32(this.aCtxL);
    this.aRest = new Float64Array(n);
    this.aAlt = i32(this.aAlt);
    this.cap = n;
  }

  private ensurePositions(len: number): void {
    if (len + 2 <= this.wordEnds.length) return;
    const n = Math.max(len + 2, this.wordEnds.length * 2);
    const w = new Int32Array(n);
    w.set(this.wordEnds);
    this.wordEnds = w;
    const m = new Int8Array(n);
    m.set(this.shapeMemo);
    this.shapeMemo = m;
    const lm = new Int8Array(n);
    lm.set(this.likeMemo);
    this.likeMemo = lm;
    const st = new Int32Array(n);
    st.set(this.stamp);
    this.stamp = st;
    const at = new Int32Array(n);
    at.set(this.atPos);
    this.atPos = at;
    const nd = new Int32Array(n);
    nd.set(this.nextDigit);
    this.nextDigit = nd;
    const re = new Int32Array(n);
    re.set(this.numRunEnd);
    this.numRunEnd = re;
    const dt = new Int32Array(n);
    dt.set(this.numDot);
    this.numDot = dt;
    const ln = new Int32Array(n);
    ln.set(this.lineOf);
    this.lineOf = ln;
    const ec = new Float64Array(n);
    ec.set(this.endCostAt);
    this.endCostAt = ec;
  }

  /** Offers a state at pos for the layer being built: kept if it is the cheapest there. */
  private offer(
    pos: number,
    cost: number,
    back: number,
    step: number,
    tok: number,
    gap: number,
    val: number,
    ctxH: number,
    ctxL: number,
  ): void {
    if (this.stamp[pos] === this.stampNow) {
      const old = this.atPos[pos] ?? 0;
      const oldCost = this.aCost[old] ?? 0;
      if (cost < oldCost) {
        if (oldCost - cost < AMBIGUITY_MARGIN) {
          this.addAlt(
            old,
            this.aBack[old] ?? -1,
            oldCost,
            this.aVal[old] ?? 0,
            this.aStep[old] ?? ROOT,
          );
        }
        this.aCost[old] = cost;
        this.aBack[old] = back;
        this.aStep[old] = step;
        this.aTok[old] = tok;
        this.aGap[old] = gap;
        this.aVal[old] = val;
        this.aCtxH[old] = ctxH;
        this.aCtxL[old] = ctxL;
      } else if (cost - oldCost < AMBIGUITY_MARGIN && back !== (this.aBack[old] ?? -1)) {
        this.addAlt(old, back, cost, val, step);
      }
      return;
    }
    this.stamp[pos] = this.stampNow;
    if (this.states >= this.cap) this.grow();
    const id = this.states++;
    this.aPos[id] = pos;
    this.aCost[id] = cost;
    this.aBack[id] = back;
    this.aStep[id] = step;
    this.aTok[id] = tok;
    this.aGap[id] = gap;
    this.aVal[id] = val;
    this.aCtxH[id] = ctxH;
    this.aCtxL[id] = ctxL;
    this.aAlt[id] = -1;
    this.atPos[pos] = id;
    this.pending = growI32(this.pending, this.pendingLen + 1);
    this.pending[this.pendingLen++] = id;
  }

  private wBest = 0;
  private wPred = -1;
  private wGap = -1;
  private wH = 0;
  private wL = 0;
  /** A way into the current candidate start: kept if cheapest, or as a near tie. */
  private way(g: number, id: number, from: number, h: number, l: number): void {
    const best = this.wBest;
    if (g < best) {
      if (this.wPred >= 0 && best - g < AMBIGUITY_MARGIN) {
        this.addNear(best, this.wPred, this.wGap, this.wH, this.wL);
      }
      this.wBest = g;
      this.wPred = id;
      this.wGap = from;
      this.wH = h;
      this.wL = l;
    } else if (g - best < AMBIGUITY_MARGIN) {
      this.addNear(g, id, from, h, l);
    }
  }

  /** The numbers at the current candidate start (numberValues): ends and values. */
  private readonly numEnd = new Int32Array(24);
  private readonly numVal = new Float64Array(24);

  private nearN = 0;
  private readonly nearCost = new Float64Array(16);
  private readonly nearPred = new Int32Array(16);
  private readonly nearGap = new Int32Array(16);
  private readonly nearH = new Int32Array(16);
  private readonly nearL = new Int32Array(16);
  /** A way into the current candidate start that is nearly as cheap as the best. */
  private addNear(cost: number, pred: number, gap: number, h: number, l: number): void {
    const k = this.nearN;
    if (k >= this.nearCost.length) return;
    this.nearCost[k] = cost;
    this.nearPred[k] = pred;
    this.nearGap[k] = gap;
    this.nearH[k] = h;
    this.nearL[k] = l;
    this.nearN = k + 1;
  }

  /** Records another way into state id that costs within AMBIGUITY_MARGIN of its best. */
  private addAlt(id: number, back: number, cost: number, val: number, step: number): void {
    if (back < 0) return;
    const k = this.alts;
    if (k >= this.altBack.length) {
      const n = k * 2;
      this.altBack = growI32(this.altBack, n);
      this.altCost = growF64(this.altCost, n);
      this.altVal = growF64(this.altVal, n);
      const st = new Int16Array(n);
      st.set(this.altStep);
      this.altStep = st;
      this.altNext = growI32(this.altNext, n);
    }
    this.altBack[k] = back;
    this.altCost[k] = cost;
    this.altVal[k] = val;
    this.altStep[k] = step;
    this.altNext[k] = this.aAlt[id] ?? -1;
    this.aAlt[id] = k;
    this.alts = k + 1;
  }

  /** Appends the pending states (sorted by position) to layer `layer`. */
  private closeLayer(layer: number): void {
    const n = this.pendingLen;
    const ids = this.pending;
    if (n > 1) {
      let sorted = true;
      for (let k = 1; k < n; k++) {
        if ((this.aPos[ids[k] ?? 0] ?? 0) < (this.aPos[ids[k - 1] ?? 0] ?? 0)) {
          sorted = false;
          break;
        }
      }
      if (!sorted) {
        // The pending states all have different positions (offer merges a second way into the
        // same position), and atPos maps each back to its state: sorting the positions as
        // numbers gives the same order as sorting the ids by position, without a comparator.
        this.sortBuf = growI32(this.sortBuf, n);
        const pos = this.sortBuf.subarray(0, n);
        for (let k = 0; k < n; k++) pos[k] = this.aPos[ids[k] ?? 0] ?? 0;
        pos.sort();
        for (let k = 0; k < n; k++) ids[k] = this.atPos[pos[k] ?? 0] ?? 0;
      }
    }
    const len = this.layerLen[layer] ?? 0;
    let arr = this.layers[layer] ?? new Int32Array(64);
    arr = growI32(arr, len + n);
    this.layers[layer] = arr;
    const alive = this.alive[layer];
    for (let k = 0; k < n; k++) {
      const id = ids[k] ?? 0;
      arr[len + k] = id;
      alive?.push(id, this.aCost[id] ?? 0);
    }
    this.layerLen[layer] = len + n;
    this.pendingLen = 0;
    this.stampNow++;
  }

  // ---- Costs -------------------------------------------------------------------------------
  private known(a: number): boolean {
    let k = this.shapeMemo[a] ?? 0;
    if (k === 0) {
      const c = this.S.charCodeAt(a);
      const shapes = this.ctx?.shapes;
      k =
        shapes !== undefined &&
        ((isDigit(c) && shapes.has(this.S, a)) ||
          (c !== 10 && c !== 32 && shapes.hasLine(this.S, a)))
          ? 2
          : 1;
      this.shapeMemo[a] = k;
    }
    return k === 2;
  }

  /**
   * A number token at b that starts like the program's lines start (a log date), judged on the
   * exact digit layout as the depth-first search does: collapsed line shapes would call any
   * runtime digit followed by program text like ` ms 79 %: ` line-like. A number right after
   * other digits (foreign digits touching it: program `5189` + runtime `50` + ` ms 89 %: `)
   * is not where a program line starts.
   */
  private lineLike(b: number): boolean {
    let k = this.likeMemo[b] ?? 0;
    if (k === 0) {
      const shapes = this.ctx?.shapes;
      const S = this.S;
      k =
        shapes !== undefined &&
        isDigit(S.charCodeAt(b)) &&
        !(b > 0 && isDigit(S.charCodeAt(b - 1))) &&
        shapes.has(S, b)
          ? 2
          : 1;
      this.likeMemo[b] = k;
    }
    return k === 2;
  }

  /** The part of a foreign segment's cost (without line shapes) that depends on its start a. */
  private gapStartCost(a: number): number {
    const kn = this.known(a);
    let c = kn ? KNOWN_FOREIGN_COST : FOREIGN_COST;
    const S = this.S;
    if (!kn && a > 0 && isNumChar(S.charCodeAt(a - 1)) && isNumChar(S.charCodeAt(a))) {
      c += SPLIT_START_COST;
    }
    return c - RUNTIME_WORD_COST * (this.wordEnds[a] ?? 0);
  }

  /** The part of a foreign segment's cost (without line shapes) that depends on its end b. */
  private gapEndCost(b: number): number {
    const S = this.S;
    const last = S.charCodeAt(b - 1);
    let c = last === 10 ? 0 : PARTIAL_COST;
    const after = S.charCodeAt(b);
    if (isDigit(last) && (isDigit(after) || after === 46)) c += SPLIT_END_COST;
    return c + RUNTIME_WORD_COST * (this.wordEnds[b] ?? 0);
  }

  /** Smallest start a of a foreign segment that ends at b (bytes, lines, no gctrace line inside). */
  private windowLow(b: number, nlBefore: number, gcBefore: number): number {
    let lo = b - GAP_MAX_BYTES;
    if (nlBefore > GAP_MAX_LINES) {
      const x = (this.shapes.nls[nlBefore - GAP_MAX_LINES - 1] ?? 0) + 1;
      if (x > lo) lo = x;
    }
    if (gcBefore > 0) {
      const g = (this.gcs[gcBefore - 1] ?? 0) + 1;
      if (g > lo) lo = g;
    }
    return Math.max(0, lo);
  }

  /**
   * Fills scratch with the field values on the path into state id. A closed state's path never
   * changes (offer only rewrites the states of the layer being built, and a predecessor is
   * always closed), so the path of the last state filled is reused: the same state again costs
   * nothing, and a path through it only adds the fields after it (every field is on a path at
   * most once, and the fields after it are still 0 in scratch).
   */
  private valuesOf(id: number): void {
    const scratch = this.scratch;
    const aStep = this.aStep;
    const aBack = this.aBack;
    const aVal = this.aVal;
    const last = this.scratchFor;
    if (id === last) return;
    // A predecessor always has a smaller id: the walk from id passes last or goes below it.
    let st = id;
    while (st > last) st = aBack[st] ?? -1;
    let stop = last;
    if (st !== last || last < 0) {
      scratch.fill(0);
      stop = -1;
    }
    for (st = id; st > stop; st = aBack[st] ?? -1) {
      const step = aStep[st] ?? ROOT;
      if (step < 0) continue;
      const f = STEP_FIELD[step] ?? -1;
      if (f >= 0) scratch[f] = aVal[st] ?? 0;
    }
    this.scratchFor = id;
  }

  private plausibility(field: number, v: number): number {
    const vals = this.scratch;
    const prev = this.prev;
    const maxProcs = prev ? prev.procs : 256;
    switch (field) {
      case F.n:
        return cycleNumberCost(prev, v);
      case F.at:
        if (!prev) return 0;
        if (v < prev.atSeconds) return 6;
        if (v - prev.atSeconds > LATE_CYCLE_SECONDS) return LATE_CYCLE_COST;
        return Math.min(6, Math.log2(1 + (v - prev.atSeconds) / (prev.atSeconds * 0.5 + 1)));
      case F.util:
        return utilCost(v, vals[F.at] ?? 0, prev, this.ctx?.utilExplained ?? 0);
      case F.clock0:
      case F.clock2:
        // Stop-the-world phases: well under a millisecond, rarely 10 ms or more.
        return v >= 100 ? 8 : v >= 10 ? 4 : 0;
      case F.cpu0:
        return v > (vals[F.clock0] ?? 0) * maxProcs * 1.2 + 0.01 ? CPU_OVER_CLOCK_COST : 0;
      case F.cpu1:
      case F.cpu2:
      case F.cpu3:
        return v > (vals[F.clock1] ?? 0) * maxProcs * 1.5 + 0.05 ? CPU_OVER_CLOCK_COST : 0;
      case F.cpu4:
        return v > (vals[F.clock2] ?? 0) * maxProcs * 1.2 + 0.01 ? CPU_OVER_CLOCK_COST : 0;
      case F.heap0:
        return prev ? far(v, prev.goalMiB) * 0.75 : 0;
      case F.heap1:
        return far(v, vals[F.heap0] ?? 0) + (v + 1 < (vals[F.heap0] ?? 0) ? HEAP_SHRINK_COST : 0);
      case F.heap2: {
        const h1 = vals[F.heap1] ?? 0;
        if (v > h1) return 2 + far(v, h1);
        return prev ? far(v, prev.heapMiB[2]) * 0.5 : 0;
      }
      default:
        return tailFieldCost(field, v, vals, prev, far, this.goalPred);
    }
  }

  // ---- Text bookkeeping --------------------------------------------------------------------
  private extendText(s: string): void {
    const from = this.LEN;
    const len = s.length;
    this.S = s;
    this.LEN = len;
    this.ensurePositions(len);
    this.scanNumbers(from);
    this.shapes.extend(s);
    this.shapeMemo.fill(0, from, len + 2);
    this.likeMemo.fill(0, from, len + 2);
    this.stamp.fill(0, from, len + 2);
    // Runtime words: counts of words ending at or before each position. A word never spans a
    // newline, and the text grows by whole lines, so new words lie in the new text. (Look a
    // little back in case the previous piece did not end with a newline.)
    const back = Math.max(0, from - 40);
    const w = this.wordEnds;
    w.fill(0, from + 1, len + 2);
    for (const word of RUNTIME_WORDS) {
      for (let k = s.indexOf(word, back); k !== -1; k = s.indexOf(word, k + 1)) {
        const e = k + word.length;
        if (e > from) w[e] = (w[e] ?? 0) + 1;
      }
    }
    if (from === 0) w[0] = 0;
    for (let k = from + 1; k <= len + 1; k++) w[k] = (w[k] ?? 0) + (w[k - 1] ?? 0);
    // Line indexes and segment end costs of the new positions (from itself: it had no
    // character after it).
    const lineOf = this.lineOf;
    if (from === 0) lineOf[0] = 0;
    for (let k = from + 1; k <= len; k++) {
      lineOf[k] = (lineOf[k - 1] ?? 0) + (s.charCodeAt(k - 1) === 10 ? 1 : 0);
    }
    for (let k = from; k < len; k++) this.endCostAt[k] = this.gapEndCost(k);
    // Other gctrace lines (otherLineAt), not at 0.
    for (let g = s.indexOf('gc ', Math.max(1, back)); g !== -1; g = s.indexOf('gc ', g + 3)) {
      if (
        otherLineAt(s, g, this.prev) &&
        (this.gcCount === 0 || (this.gcs[this.gcCount - 1] ?? 0) < g)
      ) {
        this.gcs = growI32(this.gcs, this.gcCount + 1);
        this.gcs[this.gcCount++] = g;
      }
    }
    for (let f = s.indexOf(' (forced)', back); f !== -1; f = s.indexOf(' (forced)', f + 1)) {
      if (this.forcedCount > 0 && (this.forcedAt[this.forcedCount - 1] ?? 0) >= f) continue;
      this.forcedAt = growI32(this.forcedAt, this.forcedCount + 1);
      this.forcedAt[this.forcedCount++] = f;
    }
  }

  /**
   * nextDigit, numRunEnd and numDot for the text grown from `from`: the new positions, and the
   * old ones whose answer ran into the old end (no digit after them, or the number run at the
   * end), back to the first position that stays as it was.
   */
  private scanNumbers(from: number): void {
    const S = this.S;
    const len = this.LEN;
    const nd = this.nextDigit;
    const re = this.numRunEnd;
    const dt = this.numDot;
    nd[len] = len;
    let digit = len;
    let runEnd = len;
    let dot = len;
    let digitsDone = false;
    let runsDone = false;
    for (let p = len - 1; p >= 0; p--) {
      const c = S.charCodeAt(p);
      if (isDigit(c)) digit = p;
      if (!digitsDone) nd[p] = digit;
      if (isNumChar(c)) {
        if (c === 46) dot = p;
        if (!runsDone) {
          re[p] = runEnd;
          dt[p] = dot;
        }
      } else {
        runEnd = p;
        dot = p;
      }
      // Positions before `from` keep their answers once a digit (or a non-number character)
      // at or before them stands between them and the old end.
      if (p <= from) {
        if (isDigit(c)) digitsDone = true;
        if (!isNumChar(c)) runsDone = true;
        if (digitsDone && runsDone) break;
      }
    }
  }

  /** Whether the runtime's literal tokens all appear in order before the next gctrace line. */
  private skeletonPresent(): boolean {
    const s = this.S;
    return skeletonBefore(s, this.gcCount > 0 ? (this.gcs[0] ?? s.length) : s.length);
  }

  // ---- The transitions ---------------------------------------------------------------------
  /** Takes predecessor id of layer i into the cursor's structures for candidates at or after b. */
  private take(c: Cursor, id: number, bLine: number): void {
    const a = this.aPos[id] ?? 0;
    const aNl = this.lineOf[a] ?? 0;
    const key = (this.aCost[id] ?? 0) + this.gapStartCost(a);
    if (aNl < bLine) {
      c.prevLines.push(
        id,
        key + this.shapes.startPart(this.aCtxH[id] ?? 0, this.aCtxL[id] ?? OFF, a, aNl),
      );
      return;
    }
    // Same line as b: kept in position order; only the cheapest SAME_LINE_MAX are tried.
    if (c.sameLen >= SAME_LINE_MAX) {
      let worst = 0;
      for (let k = 1; k < c.sameLen; k++) {
        if ((c.sameKeys[k] ?? 0) > (c.sameKeys[worst] ?? 0)) worst = k;
      }
      if ((c.sameKeys[worst] ?? 0) <= key) {
        // Not tried on this line, but it still starts gaps into later lines.
        c.overflow.push(id);
        return;
      }
      const out = c.sameIds[worst] ?? 0;
      c.sameIds.copyWithin(worst, worst + 1, c.sameLen);
      c.sameKeys.copyWithin(worst, worst + 1, c.sameLen);
      c.sameLen--;
      c.overflow.push(out);
    }
    c.sameIds = growI32(c.sameIds, c.sameLen + 1);
    c.sameKeys = growF64(c.sameKeys, c.sameLen + 1);
    c.sameIds[c.sameLen] = id;
    c.sameKeys[c.sameLen] = key;
    c.sameLen++;
  }

  /** b moved to a later line: the same-line predecessors now start gaps with a newline. */
  private flushSame(c: Cursor): void {
    const ids: number[] = [];
    for (let k = 0; k < c.sameLen; k++) ids.push(c.sameIds[k] ?? 0);
    for (const id of c.overflow) ids.push(id);
    c.overflow.length = 0;
    ids.sort((x, y) => (this.aPos[x] ?? 0) - (this.aPos[y] ?? 0));
    for (const id of ids) {
      const a = this.aPos[id] ?? 0;
      const aNl = this.lineOf[a] ?? 0;
      const key =
        (this.aCost[id] ?? 0) +
        this.gapStartCost(a) +
        this.shapes.startPart(this.aCtxH[id] ?? 0, this.aCtxL[id] ?? OFF, a, aNl);
      c.prevLines.push(id, key);
    }
    c.sameLen = 0;
  }

  /**
   * Extends layer i+1 from layer i: every start b of token i (from where the last call
   * stopped), reached directly from a state at b or through a foreign segment.
   */
  private advance(i: number): void {
    const step = STEPS[i];
    const c = this.cursors[i];
    if (step === undefined || c === undefined) return;
    const layer = this.layers[i] ?? new Int32Array(0);
    const to = this.layerLen[i] ?? 0;
    if (to === 0) return;
    const S = this.S;
    const LEN = this.LEN;
    const shapes = this.shapes;
    const isLit = 'lit' in step;
    const lit = isLit ? step.lit : '';
    const isFinal = isLit && step.final;
    const kind = isLit ? MS : step.kind;
    const field = isLit ? -1 : step.num;
    let extra = 0;
    const prev = this.prev;
    if (!isLit && i === STEP_STACKS && prev && prev.stacksMiB === null) {
      extra = DP_FORMAT_SWITCH_COST;
    }
    const numEnd = this.numEnd;
    const numVal = this.numVal;
    const nextDigit = this.nextDigit;
    const lineOf = this.lineOf;
    // Candidates start no earlier than the first predecessor, and before another gctrace line.
    let b = Math.max(c.b, this.aPos[layer[0] ?? 0] ?? 0);
    const limit = this.gcCount > 0 ? (this.gcs[0] ?? LEN) : LEN;
    for (;;) {
      if (b >= limit) break;
      let tokEnd: number;
      if (isFinal) {
        const nl = S.indexOf('\n', b);
        if (nl === -1) break;
        if (nl > b && S.charCodeAt(nl - 1) === 13) {
          b = nl - 1;
        } else {
          b = nl;
        }
        tokEnd = nl + 1;
      } else if (isLit) {
        const q = S.indexOf(lit, b);
        if (q === -1) break;
        b = q;
        tokEnd = q + lit.length;
      } else {
        b = nextDigit[b] ?? LEN;
        if (b >= LEN) break;
        tokEnd = b;
      }
      // Newlines before b: the index of b's line.
      const bNl = lineOf[b] ?? 0;
      c.nlBefore = bNl;
      if (c.sameLine !== bNl) {
        // Everything taken so far is on an earlier line now.
        this.flushSame(c);
        c.sameLine = bNl;
      }
      while (c.j < to) {
        const id = layer[c.j] ?? 0;
        if ((this.aPos[id] ?? 0) >= b) break;
        this.take(c, id, bNl);
        c.j++;
      }
      while (c.gcBefore < this.gcCount && (this.gcs[c.gcBefore] ?? 0) < b) c.gcBefore++;
      const lo = this.windowLow(b, c.nlBefore, c.gcBefore);
      const dq = c.prevLines;
      while (dq.tail > dq.head && (this.aPos[dq.ids[dq.head] ?? 0] ?? 0) < lo) dq.head++;
      // The cheapest way into b, and the ways within AMBIGUITY_MARGIN of it (near ties).
      this.wBest = Number.POSITIVE_INFINITY;
      this.wPred = -1;
      this.wGap = -1;
      this.wH = SHAPE_SEED;
      this.wL = OFF;
      this.nearN = 0;
      if (c.j < to) {
        const id = layer[c.j] ?? 0;
        if (this.aPos[id] === b) {
          this.way(this.aCost[id] ?? 0, id, -1, this.aCtxH[id] ?? 0, this.aCtxL[id] ?? OFF);
        }
      }
      const endCost = this.endCostAt[b] ?? 0;
      if (dq.tail > dq.head) {
        const end = endCost + shapes.endPart(b, bNl);
        const h = shapes.outH;
        const l = shapes.outLast;
        // The deque's head is the cheapest; the next few entries are near-tie candidates.
        for (let k = dq.head; k < dq.tail && k < dq.head + 4; k++) {
          const id = dq.ids[k] ?? 0;
          this.way((dq.keys[k] ?? 0) + end, id, this.aPos[id] ?? 0, h, l);
        }
      }
      for (let k = 0; k < c.sameLen; k++) {
        const id = c.sameIds[k] ?? 0;
        const a = this.aPos[id] ?? 0;
        if (a < lo) continue;
        const base = (c.sameKeys[k] ?? 0) + endCost;
        if (base >= this.wBest + AMBIGUITY_MARGIN) continue;
        const g = base + shapes.gapCost(this.aCtxH[id] ?? 0, this.aCtxL[id] ?? OFF, a, b, bNl, bNl);
        this.way(g, id, a, shapes.outH, shapes.outLast);
      }
      const best = this.wBest;
      const pred = this.wPred;
      const gapFrom = this.wGap;
      const ctxH = this.wH;
      const ctxL = this.wL;
      const cap = BASE_MAX_COST + this.perLine * (bNl + 2);
      let nValues = 0;
      if (pred >= 0 && best + extra <= cap) {
        if (isLit) {
          this.offer(tokEnd, best, pred, i, b, gapFrom, 0, ctxH, ctxL);
        } else {
          nValues = this.numberValues(b, kind);
          const like = this.lineLike(b) ? LINE_LIKE_COST : 0;
          if (nValues > 0) this.valuesOf(pred);
          for (let k = 0; k < nValues; k++) {
            const v = numVal[k] ?? 0;
            const cost = best + extra + like + this.plausibility(field, v);
            if (cost <= cap) this.offer(numEnd[k] ?? 0, cost, pred, i, b, gapFrom, v, ctxH, ctxL);
          }
        }
        for (let k = 0; k < this.nearN; k++) {
          const nc = this.nearCost[k] ?? 0;
          if (nc - best >= AMBIGUITY_MARGIN) continue;
          const np = this.nearPred[k] ?? 0;
          const ng = this.nearGap[k] ?? -1;
          const nh = this.nearH[k] ?? 0;
          const nl = this.nearL[k] ?? OFF;
          if (isLit) {
            this.offer(tokEnd, nc, np, i, b, ng, 0, nh, nl);
            continue;
          }
          this.valuesOf(np);
          const like = this.lineLike(b) ? LINE_LIKE_COST : 0;
          for (let q = 0; q < nValues; q++) {
            const v = numVal[q] ?? 0;
            const cost = nc + extra + like + this.plausibility(field, v);
            if (cost <= cap) this.offer(numEnd[q] ?? 0, cost, np, i, b, ng, v, nh, nl);
          }
        }
      }
      b = isFinal ? tokEnd : b + 1;
      if (b > LEN) break;
    }
    c.b = b;
  }

  /**
   * The numbers of `kind` the runtime could have printed at b (a digit), longest first, into
   * numEnd/numVal; returns how many. Only ends runtimeNumberValue might accept are tried: an
   * integer or percent stops before a point, and at one digit if it starts with 0; a percent has
   * at most 3 digits; seconds end 3 decimals after the first point; millis with a point have one
   * digit before it and at most 3 after, without one they stop at the point (or at one digit if
   * they start with 0). The rest would be rejected anyway, so the list is the same.
   */
  private numberValues(b: number, kind: NumberKind): number {
    const S = this.S;
    const LEN = this.LEN;
    // The run of digits and points at b, at most 21 long, and its first point (or -1).
    const runEnd = Math.min(this.numRunEnd[b] ?? LEN, b + 21);
    const firstDot = this.numDot[b] ?? LEN;
    const dot = firstDot < runEnd ? firstDot : -1;
    const zero = S.charCodeAt(b) === 48;
    const noDot = zero ? b + 1 : dot >= 0 ? dot : runEnd;
    let lo = b + 1;
    let hi = runEnd;
    if (kind === NumberKind.integer) {
      hi = noDot;
    } else if (kind === NumberKind.percent) {
      hi = Math.min(noDot, b + 3);
    } else if (kind === NumberKind.seconds) {
      if (dot < 0 || dot + 4 > runEnd) return 0;
      lo = dot + 4;
      hi = dot + 4;
    } else {
      hi = dot === b + 1 ? Math.min(runEnd, b + 5) : noDot;
    }
    let n = 0;
    for (let e = hi; e >= lo; e--) {
      const v = runtimeNumberValue(S, b, e, kind);
      if (v < 0) continue;
      this.numEnd[n] = e;
      this.numVal[n] = v;
      n++;
    }
    return n;
  }

  /** Copies the states of layer i from index `from` as the epsilon move that skips a step. */
  private skipFrom(i: number, from: number, add: number, marker: number): void {
    const layer = this.layers[i] ?? new Int32Array(0);
    const to = this.layerLen[i] ?? 0;
    for (let k = from; k < to; k++) {
      const id = layer[k] ?? 0;
      this.offer(
        this.aPos[id] ?? 0,
        (this.aCost[id] ?? 0) + add,
        id,
        marker,
        -1,
        -1,
        0,
        this.aCtxH[id] ?? 0,
        this.aCtxL[id] ?? OFF,
      );
    }
  }

  /**
   * Searches readings of s (which starts with `gc ` and extends the text of the previous call
   * since begin(), by whole lines) as a shortest path. `final` means no more text will come.
   */
  search(s: string, final: boolean): SearchOutcome {
    if (!s.startsWith('gc ') || this.ctx === null) return { kind: 'fail' };
    const ctx = this.ctx;
    // Runtime prints do not interleave: a reading ends before the next gctrace line starts, so
    // text after it changes nothing.
    if (this.gcCount > 0) return this.result(final);
    if (s.length > this.LEN) this.extendText(s);
    ctx.nodesUsed = 0;
    const nlCount = this.shapes.nlCount;
    if (!this.skeleton) this.skeleton = this.skeletonPresent();
    if (!this.skeleton) {
      const canGrow = !final && this.gcCount === 0 && nlCount <= GAP_MAX_LINES * 2;
      return canGrow ? { kind: 'more' } : { kind: 'fail' };
    }
    if (!this.started) {
      this.started = true;
      const [h, last] = [ctx.lineContext?.[0] ?? SHAPE_SEED, ctx.lineContext?.[1] ?? OFF];
      this.offer(3, 0, -1, 0, 0, -1, 0, h, last);
      this.closeLayer(1);
    }
    const newFrom = this.newFrom;
    for (let i = 0; i <= DONE; i++) newFrom[i] = this.layerLen[i] ?? 0;
    newFrom[1] = 0;
    for (let i = 1; i <= FINAL_STEP; i++) {
      const step = STEPS[i];
      if (step === undefined) break;
      this.advance(i);
      if ('lit' in step && step.optional) this.skipFrom(i, newFrom[i] ?? 0, 0, EPSILON);
      if (i + 1 === STEP_PROCS) {
        const prev = this.prev;
        const add = prev && prev.stacksMiB !== null ? DP_FORMAT_SWITCH_COST : 0;
        this.skipFrom(STEP_STACKS, newFrom[STEP_STACKS] ?? 0, add, SKIP);
      }
      this.closeLayer(i + 1);
    }
    ctx.nodesUsed = this.states;
    return this.result(final);
  }

  /** Extra cost of a complete reading that ends at e (program text after it, leftovers). */
  private endCost(id: number): number {
    const e = this.aPos[id] ?? 0;
    let c = this.shapes.tailCost(this.aCtxH[id] ?? 0, this.aCtxL[id] ?? OFF, e);
    // The runtime's ` (forced)` on a line of its own later would be left over as output.
    if (this.aGap[id] !== -1 && this.aStep[id] === FINAL_STEP) {
      for (let k = 0; k < this.forcedCount; k++) {
        const f = this.forcedAt[k] ?? 0;
        if (f >= e - 1) {
          if (this.S.charCodeAt(f - 1) === 10) c += FORCED_LEFTOVER_COST;
          break;
        }
      }
    }
    return c;
  }

  private result(final: boolean): SearchOutcome {
    const LEN = this.LEN;
    const nlCount = this.shapes.nlCount;
    const done = this.layers[DONE] ?? new Int32Array(0);
    const doneLen = this.layerLen[DONE] ?? 0;
    let bestId = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let k = 0; k < doneLen; k++) {
      const id = done[k] ?? 0;
      const cost = (this.aCost[id] ?? 0) + this.endCost(id);
      if (cost < bestCost) {
        bestCost = cost;
        bestId = id;
      }
    }
    // A capture cut off before the runtime's newline: foreign text up to the end.
    let truncFrom = -1;
    if (final && LEN > 0 && this.S.charCodeAt(LEN - 1) !== 10) {
      const lo = this.windowLow(LEN, nlCount, this.gcCount);
      const layer = this.layers[FINAL_STEP] ?? new Int32Array(0);
      const n = this.layerLen[FINAL_STEP] ?? 0;
      const endPart = this.gapEndCost(LEN) + TRUNCATED_COST;
      const lastNl = this.shapes.nlIndexFrom(LEN);
      for (let k = 0; k < n; k++) {
        const id = layer[k] ?? 0;
        const a = this.aPos[id] ?? 0;
        if (a < lo || a >= LEN) continue;
        const aNl = this.shapes.nlIndexFrom(a);
        const cost =
          (this.aCost[id] ?? 0) +
          this.gapStartCost(a) +
          endPart +
          this.shapes.gapCost(this.aCtxH[id] ?? 0, this.aCtxL[id] ?? OFF, a, LEN, aNl, lastNl);
        if (cost < bestCost) {
          bestCost = cost;
          bestId = id;
          truncFrom = a;
        }
      }
    }
    if (bestId !== -1 && bestCost > BASE_MAX_COST + this.perLine * Math.max(1, nlCount)) {
      bestId = -1;
    }
    // Readings that run into the end of the text (more text could complete them).
    let incomplete = Number.POSITIVE_INFINITY;
    let blocker = Number.POSITIVE_INFINITY;
    if (!final && this.gcCount === 0) {
      const lo = this.windowLow(LEN, nlCount, this.gcCount);
      for (let i = 1; i <= FINAL_STEP; i++) {
        const dq = this.alive[i];
        if (dq === undefined) continue;
        while (dq.tail > dq.head && (this.aPos[dq.ids[dq.head] ?? 0] ?? 0) < lo) dq.head++;
        if (dq.tail === dq.head) continue;
        const cst = (dq.keys[dq.head] ?? 0) + KNOWN_FOREIGN_COST;
        if (cst < incomplete) incomplete = cst;
        if (i >= STEP_FORCED && cst < blocker) blocker = cst;
      }
    }
    if (bestId === -1) {
      return incomplete < Number.POSITIVE_INFINITY && !final && nlCount <= GAP_MAX_LINES * 2
        ? { kind: 'more' }
        : { kind: 'fail' };
    }
    if (truncFrom >= 0) return this.build(bestId, LEN, truncFrom, bestCost);
    const end = this.aPos[bestId] ?? 0;
    if (!final && blocker <= bestCost) {
      const linesAfter = nlCount - this.shapes.nlIndexFrom(end);
      if (linesAfter < 4) return { kind: 'more' };
    }
    return this.build(bestId, end, -1, bestCost);
  }

  private build(bestId: number, end: number, truncFrom: number, bestCost: number): SearchOutcome {
    const vals = new Array<number>(FIELD_COUNT).fill(0);
    const foreign: number[] = [];
    let leak = false;
    let forced = false;
    let stacks = true;
    if (truncFrom >= 0) foreign.push(this.LEN, truncFrom);
    for (let st = bestId; st >= 0; st = this.aBack[st] ?? -1) {
      const step = this.aStep[st] ?? ROOT;
      if (step === SKIP) stacks = false;
      if (step >= 0) {
        const def = STEPS[step];
        if (def !== undefined && 'num' in def) vals[def.num] = this.aVal[st] ?? 0;
        if (step === STEP_LEAK) leak = true;
        if (step === STEP_FORCED) forced = true;
      }
      const gap = this.aGap[st] ?? -1;
      if (gap >= 0) foreign.push(this.aTok[st] ?? 0, gap);
    }
    foreign.reverse();
    const val = (f: number) => vals[f] ?? 0;
    const cycle: Omit<GcCycle, 'process' | 'periodic'> = {
      n: val(F.n),
      atSeconds: val(F.at),
      cpuPercent: val(F.util),
      clockMs: [val(F.clock0), val(F.clock1), val(F.clock2)],
      cpuMs: [val(F.cpu0), val(F.cpu1), val(F.cpu2), val(F.cpu3), val(F.cpu4)],
      heapMiB: [val(F.heap0), val(F.heap1), val(F.heap2)],
      goalMiB: val(F.goal),
      stacksMiB: stacks ? val(F.stacks) : null,
      globalsMiB: stacks ? val(F.globals) : null,
      procs: val(F.procs),
      forced,
      leakCheck: leak,
    };
    const ambiguous = truncFrom >= 0 ? [] : this.ambiguity(bestCost, vals, stacks);
    if (ambiguous.length > 0) cycle.ambiguous = ambiguous;
    return { kind: 'ok', cycle, end, foreign };
  }

  /**
   * Fields that another reading within AMBIGUITY_MARGIN of the best reads differently. A
   * backward pass gives each state the best cost from it to a complete reading; a number state
   * then lies on a reading of cost forward + rest.
   */
  private ambiguity(bestCost: number, vals: number[], stacks: boolean): AmbiguousField[] {
    const states = this.states;
    const aRest = this.aRest;
    aRest.fill(Number.POSITIVE_INFINITY, 0, states);
    const done = this.layers[DONE] ?? new Int32Array(0);
    for (let k = 0; k < (this.layerLen[DONE] ?? 0); k++) {
      const id = done[k] ?? 0;
      aRest[id] = this.endCost(id);
    }
    // A state's predecessor always has a smaller id.
    for (let id = states - 1; id >= 0; id--) {
      const r = aRest[id] ?? Number.POSITIVE_INFINITY;
      if (r === Number.POSITIVE_INFINITY) continue;
      const back = this.aBack[id] ?? -1;
      if (back >= 0) {
        const through = r + (this.aCost[id] ?? 0) - (this.aCost[back] ?? 0);
        if (through < (aRest[back] ?? Number.POSITIVE_INFINITY)) aRest[back] = through;
      }
      // Near-tie ways into this state lead back to their own predecessors.
      for (let k = this.aAlt[id] ?? -1; k >= 0; k = this.altNext[k] ?? -1) {
        const b2 = this.altBack[k] ?? -1;
        if (b2 < 0) continue;
        const through = r + (this.altCost[k] ?? 0) - (this.aCost[b2] ?? 0);
        if (through < (aRest[b2] ?? Number.POSITIVE_INFINITY)) aRest[b2] = through;
      }
    }
    const out: AmbiguousField[] = [];
    const candidates: number[][] = [];
    const consider = (step: number, v: number, total: number) => {
      if (step < 0 || total - bestCost >= AMBIGUITY_MARGIN) return;
      const def = STEPS[step];
      if (def === undefined || !('num' in def)) return;
      if (!stacks && (def.num === F.stacks || def.num === F.globals)) return;
      if (v === vals[def.num]) return;
      let list = candidates[def.num];
      if (list === undefined) {
        list = [vals[def.num] ?? 0];
        candidates[def.num] = list;
      }
      if (!list.includes(v)) list.push(v);
    };
    for (let id = 0; id < states; id++) {
      const rest = aRest[id] ?? Number.POSITIVE_INFINITY;
      if (rest === Number.POSITIVE_INFINITY) continue;
      consider(this.aStep[id] ?? ROOT, this.aVal[id] ?? 0, (this.aCost[id] ?? 0) + rest);
      for (let k = this.aAlt[id] ?? -1; k >= 0; k = this.altNext[k] ?? -1) {
        consider(this.altStep[k] ?? ROOT, this.altVal[k] ?? 0, (this.altCost[k] ?? 0) + rest);
      }
    }
    for (let f = 0; f < FIELD_COUNT; f++) {
      const list = candidates[f];
      if (list !== undefined) out.push({ field: FIELD_NAMES[f] ?? String(f), candidates: list });
    }
    return out;
  }
}

/** One-shot search (a fresh region): same outcomes as searchSplicedLine. */
export function searchSplicedLineDp(s: string, final: boolean, ctx: SearchContext): SearchOutcome {
  const dp = new SpliceDp();
  dp.begin(ctx);
  return dp.search(s, final);
}
