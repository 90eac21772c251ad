/**
 * Slow path for heavily spliced lines: a dynamic program (Viterbi) over the runtime's write
 * sequence, linear in the held text.
 *
 * The runtime writes a gctrace line as a strict sequence of tokens (see STEPS in
 * splice-search.ts); program writes (whole lines, partial fmt writes, text with newlines) can
 * land between any two of them, any number of times. The search in splice-search.ts explores
 * segmentations depth first, which is exact for a few foreign writes but blows up when a busy
 * program lands 20+ writes inside one line. Here the same costs are laid out as a shortest
 * path: layer i holds the positions where runtime token i-1 can end, with the cheapest cost to
 * get there. A foreign segment [a, b) costs
 *
 *   base(a) + splitStart(a) + partial(b) + splitEnd(b) + RUNTIME_WORD_COST × words ending in (a, b]
 *
 * which splits into a part that depends on a and a part that depends on b, so the best gap
 * into every candidate start b is a sliding-window minimum (a monotone deque) over the previous
 * layer: O(text) per layer, with the gap limits (bytes, lines, no other gctrace line inside) as
 * the window. Plausibility terms (heap close to the previous cycle, cpu within clock × P, …)
 * use the values on the cheapest path into each state, as in Viterbi decoding.
 *
 * Ambiguity: fields whose value differs on another complete reading within AMBIGUITY_MARGIN of
 * the best (found by a backward pass: best forward cost into a token + best cost from its end to
 * a complete reading) are reported with every such value.
 *
 * State lives in module-level typed arrays reused across searches: no closures, and no
 * allocation per search besides the result.
 */
import { NumberKind, runtimeNumberValue } from './number-format.js';
import {
  AMBIGUITY_MARGIN,
  F,
  FIELD_COUNT,
  FIELD_NAMES,
  FORCED_LEFTOVER_COST,
  FOREIGN_COST,
  GAP_MAX_BYTES,
  GAP_MAX_LINES,
  KNOWN_FOREIGN_COST,
  LINE_LIKE_COST,
  PARTIAL_COST,
  RUNTIME_WORD_COST,
  RUNTIME_WORDS,
  type SearchContext,
  type SearchOutcome,
  SKELETON,
  SPLIT_END_COST,
  SPLIT_START_COST,
  STEP_FORCED,
  STEP_LEAK,
  STEPS,
  TRUNCATED_COST,
  tailFieldCost,
} from './splice-search.js';
import type { AmbiguousField, GcCycle } from './types.js';

const MS = NumberKind.millis;
const FINAL_STEP = STEPS.length - 1;
const STEP_STACKS = 33;
const STEP_PROCS = 37;
/** Most cost a reading may have: a base plus this much per line of held text. */
const BASE_MAX_COST = 46;
const COST_PER_LINE = 16;
/** Marker in aStep: the state skips the stacks/globals part (Go ≤1.17). */
const SKIP = -2;
/**
 * Foreign text holding a line start of a shape the program never printed (`: worker 0` when
 * the program prints `worker 0: step 3056 ok`): the cut is likely wrong.
 */
const ODD_LINE_COST = 10;
/** A cycle more than this many seconds after the previous one (sysmon forces one every 120 s). */
const LATE_CYCLE_SECONDS = 130;
const LATE_CYCLE_COST = 16;
/** CPU time above wall time × P (with rounding slack) cannot happen. */
const CPU_OVER_CLOCK_COST = 12;
/** One process prints one format: a switch after a cycle of the other format is unlikely. */
const DP_FORMAT_SWITCH_COST = 40;

/** Like closeness, with a cap far enough out that a factor of 1000 outweighs a foreign write. */
function far(v: number, pred: number): number {
  return Math.min(24, 1.5 * Math.abs(Math.log2((v + 1) / (pred + 1))));
}
const ROOT = -1;

// ---- State storage, reused across searches ----------------------------------------------
let cap = 0;
let aPos = new Int32Array(0);
let aCost = new Float64Array(0);
let aBack = new Int32Array(0);
let aStep = new Int16Array(0);
let aTok = new Int32Array(0);
let aGap = new Int32Array(0);
let aVal = new Float64Array(0);
/** Best cost from the state to a complete reading (backward pass). */
let aRest = new Float64Array(0);
let states = 0;

function grow(): void {
  const n = Math.max(1024, cap * 2);
  const pos = new Int32Array(n);
  pos.set(aPos);
  aPos = pos;
  const cost = new Float64Array(n);
  cost.set(aCost);
  aCost = cost;
  const back = new Int32Array(n);
  back.set(aBack);
  aBack = back;
  const step = new Int16Array(n);
  step.set(aStep);
  aStep = step;
  const tok = new Int32Array(n);
  tok.set(aTok);
  aTok = tok;
  const gap = new Int32Array(n);
  gap.set(aGap);
  aGap = gap;
  const val = new Float64Array(n);
  val.set(aVal);
  aVal = val;
  aRest = new Float64Array(n);
  cap = n;
}

function newState(
  pos: number,
  cost: number,
  back: number,
  step: number,
  tok: number,
  gap: number,
  val: number,
): number {
  if (states >= cap) grow();
  const id = states++;
  aPos[id] = pos;
  aCost[id] = cost;
  aBack[id] = back;
  aStep[id] = step;
  aTok[id] = tok;
  aGap[id] = gap;
  aVal[id] = val;
  return id;
}

// ---- Per-position buffers, reused -----------------------------------------------------------
let posCap = 0;
/** Runtime words ending at or before p. */
let wordEnds = new Int32Array(0);
/** Newlines before p that start a line of a shape the program never printed. */
let oddLines = new Int32Array(0);
/** 0 unknown, 1 not a known line shape, 2 known. */
let shapeMemo = new Int8Array(0);
let stamp = new Int32Array(0);
let atPos = new Int32Array(0);
let stampNow = 0;
let nls = new Int32Array(0);
let gcs = new Int32Array(0);
let forcedAt = new Int32Array(0);

function ensurePositions(len: number): void {
  if (len + 2 <= posCap) return;
  const n = Math.max(len + 2, posCap * 2, 4096);
  wordEnds = new Int32Array(n);
  oddLines = new Int32Array(n);
  shapeMemo = new Int8Array(n);
  stamp = new Int32Array(n);
  atPos = new Int32Array(n);
  stampNow = 0;
  posCap = n;
}

// Layers: all ids of every layer in one growable array, with offsets per layer.
let layerIds = new Int32Array(4096);
const layerStart = new Int32Array(STEPS.length + 2);
const layerEnd = new Int32Array(STEPS.length + 2);
let layerFill = 0;
let pending = new Int32Array(1024);
let skipIds = new Int32Array(256);
let dqId = new Int32Array(1024);
let dqKey = new Float64Array(1024);
const scratch = new Float64Array(FIELD_COUNT);

function pushLayerId(id: number): void {
  if (layerFill >= layerIds.length) {
    const n = new Int32Array(layerIds.length * 2);
    n.set(layerIds);
    layerIds = n;
  }
  layerIds[layerFill++] = id;
}

function growInt(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const n = new Int32Array(Math.max(need, a.length * 2));
  n.set(a);
  return n;
}

// ---- Search state (module-level to avoid closures) ------------------------------------------
let S = '';
let LEN = 0;
let prev: GcCycle | null = null;
let ctxShapes: SearchContext['shapes'] | null = null;
let nlCount = 0;
let gcCount = 0;
let forcedCount = 0;
let maxCost = 0;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isNumChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}

function known(a: number): boolean {
  let k = shapeMemo[a] ?? 0;
  if (k === 0) {
    const c = S.charCodeAt(a);
    k =
      ctxShapes !== null &&
      ((isDigit(c) && ctxShapes.has(S, a)) || (c !== 10 && c !== 32 && ctxShapes.hasLine(S, a)))
        ? 2
        : 1;
    shapeMemo[a] = k;
  }
  return k === 2;
}

/** The part of a foreign segment's cost that depends on its start a. */
function gapStartCost(a: number): number {
  const kn = known(a);
  let c = kn ? KNOWN_FOREIGN_COST : FOREIGN_COST;
  if (!kn && a > 0 && isNumChar(S.charCodeAt(a - 1)) && isNumChar(S.charCodeAt(a))) {
    c += SPLIT_START_COST;
  }
  return c - RUNTIME_WORD_COST * (wordEnds[a] ?? 0) - ODD_LINE_COST * (oddLines[a] ?? 0);
}

/** The part of a foreign segment's cost that depends on its end b. */
function gapEndCost(b: number): number {
  const last = S.charCodeAt(b - 1);
  let c = last === 10 ? 0 : PARTIAL_COST;
  const after = S.charCodeAt(b);
  if (isDigit(last) && (isDigit(after) || after === 46)) c += SPLIT_END_COST;
  return (
    c + RUNTIME_WORD_COST * (wordEnds[b] ?? 0) + ODD_LINE_COST * (oddLines[b > 0 ? b - 1 : 0] ?? 0)
  );
}

/** Smallest start a of a foreign segment that ends at b (bytes, lines, no gctrace line inside). */
function windowLow(b: number, nlBefore: number, gcBefore: number): number {
  let lo = b - GAP_MAX_BYTES;
  if (nlBefore > GAP_MAX_LINES) {
    const x = (nls[nlBefore - GAP_MAX_LINES - 1] ?? 0) + 1;
    if (x > lo) lo = x;
  }
  if (gcBefore > 0) {
    const g = (gcs[gcBefore - 1] ?? 0) + 1;
    if (g > lo) lo = g;
  }
  return Math.max(0, lo);
}

/** Fills scratch with the field values on the path into state id. */
function valuesOf(id: number): void {
  scratch.fill(0);
  let st = id;
  while (st >= 0) {
    const step = aStep[st] ?? ROOT;
    if (step >= 0) {
      const def = STEPS[step];
      if (def !== undefined && 'num' in def) scratch[def.num] = aVal[st] ?? 0;
    }
    st = aBack[st] ?? -1;
  }
}

function plausibility(field: number, v: number): number {
  const vals = scratch;
  const maxProcs = prev ? prev.procs : 256;
  switch (field) {
    case F.n:
      if (!prev) return v === 1 ? 0 : 2;
      if (v === prev.n + 1) return 0;
      if (v === 1) return 10;
      // Lost lines are rare: a number that skips ahead is more likely a foreign digit run.
      if (v > prev.n + 1) return 10 + Math.min(6, Math.log2(v - prev.n));
      // A new process starts at gc 1: a lower number within one process cannot happen.
      return 30;
    case F.at:
      if (!prev) return 0;
      if (v < prev.atSeconds) return 6;
      if (v - prev.atSeconds > LATE_CYCLE_SECONDS) return LATE_CYCLE_COST;
      return Math.min(6, Math.log2(1 + (v - prev.atSeconds) / (prev.atSeconds * 0.5 + 1)));
    case F.util:
      return prev ? Math.min(6, Math.abs(v - prev.cpuPercent) * 0.5) : 0;
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
      return far(v, vals[F.heap0] ?? 0);
    case F.heap2: {
      const h1 = vals[F.heap1] ?? 0;
      if (v > h1) return 2 + far(v, h1);
      return prev ? far(v, prev.heapMiB[2]) * 0.5 : 0;
    }
    default:
      return tailFieldCost(field, v, vals, prev, far);
  }
}

let pendingLen = 0;

/** Offers a state at pos for the layer being built: kept if it is the cheapest there. */
function offer(
  pos: number,
  cost: number,
  back: number,
  step: number,
  tok: number,
  gap: number,
  val: number,
): void {
  if (cost > maxCost) return;
  if (stamp[pos] === stampNow) {
    const old = atPos[pos] ?? 0;
    if (cost < (aCost[old] ?? 0)) {
      aCost[old] = cost;
      aBack[old] = back;
      aStep[old] = step;
      aTok[old] = tok;
      aGap[old] = gap;
      aVal[old] = val;
    }
    return;
  }
  stamp[pos] = stampNow;
  const id = newState(pos, cost, back, step, tok, gap, val);
  atPos[pos] = id;
  pending = growInt(pending, pendingLen + 1);
  pending[pendingLen++] = id;
}

/** Sorts the pending states by position and appends them as layer `layer`. */
function closeLayer(layer: number): void {
  const ids = pending.subarray(0, pendingLen);
  // Positions are unique within a layer: sort ids by position.
  if (pendingLen > 1) {
    let sorted = true;
    for (let k = 1; k < pendingLen; k++) {
      if ((aPos[ids[k] ?? 0] ?? 0) < (aPos[ids[k - 1] ?? 0] ?? 0)) {
        sorted = false;
        break;
      }
    }
    if (!sorted) {
      const tmp = Array.from(ids);
      tmp.sort((x, y) => (aPos[x] ?? 0) - (aPos[y] ?? 0));
      for (let k = 0; k < tmp.length; k++) ids[k] = tmp[k] ?? 0;
    }
  }
  layerStart[layer] = layerFill;
  for (let k = 0; k < pendingLen; k++) pushLayerId(ids[k] ?? 0);
  layerEnd[layer] = layerFill;
  pendingLen = 0;
  stampNow++;
}

/**
 * Builds layer i+1 from layer i: every start b of token i, reached directly from a state at b
 * or through a foreign segment from the cheapest state in the window before b.
 */
function advance(i: number, final: boolean): void {
  const step = STEPS[i];
  if (step === undefined) return;
  const from = layerStart[i] ?? 0;
  const to = layerEnd[i] ?? 0;
  if (from === to) return;
  const firstPos = aPos[layerIds[from] ?? 0] ?? 0;
  let j = from;
  let head = 0;
  let tail = 0;
  let nlBefore = 0;
  let gcBefore = 0;
  const isLit = 'lit' in step;
  const lit = isLit ? step.lit : '';
  const isFinal = isLit && step.final;
  const kind = isLit ? MS : step.kind;
  const field = isLit ? -1 : step.num;
  let extra = 0;
  if (!isLit && i === STEP_STACKS && prev && prev.stacksMiB === null) extra = DP_FORMAT_SWITCH_COST;
  let b = firstPos;
  for (;;) {
    // Next candidate start at or after b.
    let tokEnd: number;
    if (isFinal) {
      const nl = S.indexOf('\n', b);
      if (nl === -1) {
        if (!final || b > LEN) break;
        b = LEN;
        tokEnd = LEN;
      } else if (nl > b && S.charCodeAt(nl - 1) === 13) {
        b = nl - 1;
        tokEnd = nl + 1;
      } else {
        b = nl;
        tokEnd = nl + 1;
      }
    } else if (isLit) {
      const q = S.indexOf(lit, b);
      if (q === -1) break;
      b = q;
      tokEnd = q + lit.length;
    } else {
      while (b < LEN && !isDigit(S.charCodeAt(b))) b++;
      if (b >= LEN) break;
      tokEnd = b;
    }
    // Window of gap starts for b.
    while (j < to) {
      const id = layerIds[j] ?? 0;
      const p = aPos[id] ?? 0;
      if (p >= b) break;
      const key = (aCost[id] ?? 0) + gapStartCost(p);
      while (tail > head && (dqKey[tail - 1] ?? 0) >= key) tail--;
      if (tail >= dqId.length) {
        dqId = growInt(dqId, tail + 1);
        const k2 = new Float64Array(dqId.length);
        k2.set(dqKey);
        dqKey = k2;
      }
      dqId[tail] = id;
      dqKey[tail] = key;
      tail++;
      j++;
    }
    while (nlBefore < nlCount && (nls[nlBefore] ?? 0) < b) nlBefore++;
    while (gcBefore < gcCount && (gcs[gcBefore] ?? 0) < b) gcBefore++;
    const lo = windowLow(b, nlBefore, gcBefore);
    while (tail > head && (aPos[dqId[head] ?? 0] ?? 0) < lo) head++;
    let best = Number.POSITIVE_INFINITY;
    let pred = -1;
    let gapFrom = -1;
    if (j < to) {
      const id = layerIds[j] ?? 0;
      if (aPos[id] === b) {
        best = aCost[id] ?? 0;
        pred = id;
      }
    }
    if (tail > head) {
      let g = (dqKey[head] ?? 0) + gapEndCost(b);
      if (isFinal && b !== LEN) {
        // The runtime's ` (forced)` on a line of its own later would be left over as output.
        for (let k = 0; k < forcedCount; k++) {
          const f = forcedAt[k] ?? 0;
          if (f > b) {
            if (S.charCodeAt(f - 1) === 10) g += FORCED_LEFTOVER_COST;
            break;
          }
        }
      }
      if (isFinal && b === LEN) g += TRUNCATED_COST;
      if (g < best) {
        best = g;
        pred = dqId[head] ?? 0;
        gapFrom = aPos[pred] ?? 0;
      }
    }
    if (pred >= 0 && best + extra <= maxCost) {
      if (isLit) {
        offer(tokEnd, best, pred, i, b, gapFrom, 0);
      } else {
        let runEnd = b;
        while (runEnd < LEN && runEnd - b < 21 && isNumChar(S.charCodeAt(runEnd))) runEnd++;
        const like = known(b) ? LINE_LIKE_COST : 0;
        let filled = false;
        for (let e = runEnd; e > b; e--) {
          const v = runtimeNumberValue(S, b, e, kind);
          if (v < 0) continue;
          if (!filled) {
            valuesOf(pred);
            filled = true;
          }
          offer(e, best + extra + like + plausibility(field, v), pred, i, b, gapFrom, v);
        }
      }
    }
    if (isFinal && b >= LEN) break;
    b = isFinal ? tokEnd : b + 1;
    if (b > LEN) break;
  }
}

/** Copies layer i's states as the epsilon move that skips optional step i into `pending`. */
function skipInto(i: number, add: number, marker: number): void {
  for (let k = layerStart[i] ?? 0; k < (layerEnd[i] ?? 0); k++) {
    const id = layerIds[k] ?? 0;
    const pos = aPos[id] ?? 0;
    const cost = (aCost[id] ?? 0) + add;
    if (marker === SKIP) offer(pos, cost, id, SKIP, -1, -1, 0);
    else offer(pos, cost, id, ROOT - 10, -1, -1, 0);
  }
}

function prepare(s: string, ctx: SearchContext): boolean {
  S = s;
  LEN = s.length;
  prev = ctx.prev;
  ctxShapes = ctx.shapes;
  ensurePositions(LEN);
  states = 0;
  layerFill = 0;
  pendingLen = 0;
  stampNow++;
  shapeMemo.fill(0, 0, LEN + 2);
  // Newlines.
  nlCount = 0;
  for (let k = s.indexOf('\n'); k !== -1; k = s.indexOf('\n', k + 1)) {
    nls = growInt(nls, nlCount + 1);
    nls[nlCount++] = k;
  }
  // Other gctrace lines: `gc <digits> @`, not at 0.
  gcCount = 0;
  for (let g = s.indexOf('gc ', 1); g !== -1; g = s.indexOf('gc ', g + 3)) {
    let k = g + 3;
    while (k < LEN && isDigit(s.charCodeAt(k))) k++;
    if (k > g + 3 && s.startsWith(' @', k)) {
      gcs = growInt(gcs, gcCount + 1);
      gcs[gcCount++] = g;
    }
  }
  forcedCount = 0;
  for (let f = s.indexOf(' (forced)'); f !== -1; f = s.indexOf(' (forced)', f + 1)) {
    forcedAt = growInt(forcedAt, forcedCount + 1);
    forcedAt[forcedCount++] = f;
  }
  // Runtime words: counts of words ending at or before each position.
  wordEnds.fill(0, 0, LEN + 2);
  for (const word of RUNTIME_WORDS) {
    for (let w = s.indexOf(word); w !== -1; w = s.indexOf(word, w + 1)) {
      const e = w + word.length;
      wordEnds[e] = (wordEnds[e] ?? 0) + 1;
    }
  }
  for (let k = 1; k <= LEN + 1; k++) wordEnds[k] = (wordEnds[k] ?? 0) + (wordEnds[k - 1] ?? 0);
  oddLines[0] = 0;
  let odd = 0;
  let nextNl = 0;
  for (let k = 0; k <= LEN; k++) {
    oddLines[k] = odd;
    if (nextNl < nlCount && nls[nextNl] === k) {
      nextNl++;
      if (k + 1 < LEN && ctxShapes !== null && !ctxShapes.hasLine(s, k + 1)) odd++;
    }
  }
  oddLines[LEN + 1] = odd;
  maxCost = BASE_MAX_COST + COST_PER_LINE * nlCount;
  return true;
}

/** Whether the runtime's literal tokens all appear in order before the next gctrace line. */
function skeletonPresent(s: string): boolean {
  const tokensEnd = gcCount > 0 ? (gcs[0] ?? s.length) : s.length;
  let q = 3;
  for (const word of SKELETON) {
    q = s.indexOf(word, q);
    if (q === -1 || q + word.length > tokensEnd) return false;
    q += word.length;
  }
  return true;
}

/**
 * Searches readings of s (which starts with `gc `) as a shortest path. `final` means no more
 * text will come. Same outcomes as searchSplicedLine.
 */
export function searchSplicedLineDp(s: string, final: boolean, ctx: SearchContext): SearchOutcome {
  if (!s.startsWith('gc ')) return { kind: 'fail' };
  prepare(s, ctx);
  ctx.nodesUsed = 0;
  if (!skeletonPresent(s)) {
    const canGrow = !final && gcCount === 0 && nlCount <= GAP_MAX_LINES * 2;
    return canGrow ? { kind: 'more' } : { kind: 'fail' };
  }
  // Layer 1: after `gc `.
  offer(3, 0, -1, 0, 0, -1, 0);
  closeLayer(1);
  for (let i = 1; i <= FINAL_STEP; i++) {
    const step = STEPS[i];
    if (step === undefined) break;
    advance(i, final);
    if (i === STEP_STACKS) {
      // Layer STEP_PROCS gets the states that skip stacks and globals (Go ≤1.17) later.
      const n = (layerEnd[i] ?? 0) - (layerStart[i] ?? 0);
      skipIds = growInt(skipIds, n + 1);
      for (let k = 0; k < n; k++) skipIds[k] = layerIds[(layerStart[i] ?? 0) + k] ?? 0;
      skipIds[n] = -1;
    }
    if ('lit' in step && step.optional) {
      skipInto(i, 0, ROOT);
    }
    if (i + 1 === STEP_PROCS) {
      const add = prev && prev.stacksMiB !== null ? DP_FORMAT_SWITCH_COST : 0;
      for (let k = 0; k < skipIds.length && (skipIds[k] ?? -1) >= 0; k++) {
        const id = skipIds[k] ?? 0;
        offer(aPos[id] ?? 0, (aCost[id] ?? 0) + add, id, SKIP, -1, -1, 0);
      }
    }
    closeLayer(i + 1);
  }
  ctx.nodesUsed = states;
  const done = FINAL_STEP + 1;
  let bestId = -1;
  for (let k = layerStart[done] ?? 0; k < (layerEnd[done] ?? 0); k++) {
    const id = layerIds[k] ?? 0;
    if (bestId === -1 || (aCost[id] ?? 0) < (aCost[bestId] ?? 0)) bestId = id;
  }
  // Readings that run into the end of the text (more text could complete them).
  let incomplete = Number.POSITIVE_INFINITY;
  let blocker = Number.POSITIVE_INFINITY;
  if (!final) {
    const lo = windowLow(LEN, nlCount, gcCount);
    for (let i = 1; i <= FINAL_STEP; i++) {
      for (let k = layerStart[i] ?? 0; k < (layerEnd[i] ?? 0); k++) {
        const id = layerIds[k] ?? 0;
        const p = aPos[id] ?? 0;
        if (p < lo) continue;
        const c = (aCost[id] ?? 0) + (p < LEN ? KNOWN_FOREIGN_COST : 0);
        if (c < incomplete) incomplete = c;
        if (i >= STEP_FORCED && c < blocker) blocker = c;
      }
    }
  }
  if (bestId === -1) {
    return incomplete < Number.POSITIVE_INFINITY && !final && nlCount <= GAP_MAX_LINES * 2
      ? { kind: 'more' }
      : { kind: 'fail' };
  }
  const bestCost = aCost[bestId] ?? 0;
  const end = aPos[bestId] ?? 0;
  if (!final && blocker <= bestCost) {
    let linesAfter = 0;
    for (let k = end; k < LEN; k++) if (s.charCodeAt(k) === 10) linesAfter++;
    if (linesAfter < 4) return { kind: 'more' };
  }
  return build(bestId, end);
}

function build(bestId: number, end: number): SearchOutcome {
  const vals = new Array<number>(FIELD_COUNT).fill(0);
  const foreign: number[] = [];
  let leak = false;
  let forced = false;
  let stacks = true;
  for (let st = bestId; st >= 0; st = aBack[st] ?? -1) {
    const step = aStep[st] ?? ROOT;
    if (step === SKIP) stacks = false;
    if (step >= 0) {
      const def = STEPS[step];
      if (def !== undefined && 'num' in def) vals[def.num] = aVal[st] ?? 0;
      if (step === STEP_LEAK) leak = true;
      if (step === STEP_FORCED) forced = true;
    }
    const gap = aGap[st] ?? -1;
    if (gap >= 0) foreign.push(aTok[st] ?? 0, gap);
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
  const ambiguous = ambiguity(bestId, vals, stacks);
  if (ambiguous.length > 0) cycle.ambiguous = ambiguous;
  return { kind: 'ok', cycle, end, foreign };
}

/**
 * Fields that another reading within AMBIGUITY_MARGIN of the best reads differently. A
 * backward pass gives each state the best cost from it to a complete reading; a number state
 * then lies on a reading of cost forward + rest.
 */
function ambiguity(bestId: number, vals: number[], stacks: boolean): AmbiguousField[] {
  const bestCost = aCost[bestId] ?? 0;
  const done = FINAL_STEP + 1;
  aRest.fill(Number.POSITIVE_INFINITY, 0, states);
  for (let k = layerStart[done] ?? 0; k < (layerEnd[done] ?? 0); k++) {
    const id = layerIds[k] ?? 0;
    aRest[id] = 0;
  }
  // States are created in layer order: a state's predecessor always has a smaller id.
  for (let id = states - 1; id >= 0; id--) {
    const r = aRest[id] ?? Number.POSITIVE_INFINITY;
    if (r === Number.POSITIVE_INFINITY) continue;
    const back = aBack[id] ?? -1;
    if (back < 0) continue;
    const through = r + (aCost[id] ?? 0) - (aCost[back] ?? 0);
    if (through < (aRest[back] ?? Number.POSITIVE_INFINITY)) aRest[back] = through;
  }
  const out: AmbiguousField[] = [];
  const candidates: number[][] = [];
  for (let id = 0; id < states; id++) {
    const step = aStep[id] ?? ROOT;
    if (step < 0) continue;
    const def = STEPS[step];
    if (def === undefined || !('num' in def)) continue;
    if (!stacks && (def.num === F.stacks || def.num === F.globals)) continue;
    const total = (aCost[id] ?? 0) + (aRest[id] ?? Number.POSITIVE_INFINITY);
    if (total - bestCost >= AMBIGUITY_MARGIN) continue;
    const v = aVal[id] ?? 0;
    if (v === vals[def.num]) continue;
    let list = candidates[def.num];
    if (list === undefined) {
      list = [vals[def.num] ?? 0];
      candidates[def.num] = list;
    }
    if (!list.includes(v)) list.push(v);
  }
  for (let f = 0; f < FIELD_COUNT; f++) {
    const list = candidates[f];
    if (list !== undefined) out.push({ field: FIELD_NAMES[f] ?? String(f), candidates: list });
  }
  return out;
}
