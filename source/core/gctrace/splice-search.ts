/**
 * Slow path: takes apart a gctrace line that other output of the program landed in.
 *
 * The runtime writes the line as a fixed sequence of write(2) calls (see render.ts). Foreign
 * text can sit between any two of them. Given text that starts with the `gc ` token, this
 * searches the segmentations "runtime token / foreign text / runtime token ..." that
 * the runtime's formatting allows, scores them, and returns the cheapest.
 *
 * Costs (lower is better):
 * - every foreign segment costs 10 (7 when it starts like lines the program printed before,
 *   e.g. a `2026/11/25 17:08:30 ` log date), +2 when it does not end in a newline (a partial
 *   write), +15 for each of the runtime's own words (` MB goal, `…) it would contain;
 * - a segment boundary that cuts a run of number characters costs 1.5 (a guess);
 * - a number token that starts like a program line (a log date) costs 8;
 * - field plausibility: the cycle number is the previous one + 1, the percent is close to the
 *   previous one, heap figures are close to each other and to the previous cycle, GOMAXPROCS
 *   does not change, cpu times fit within clock time × P.
 * Where another segmentation costs less than
 * AMBIGUITY_MARGIN more and gives a field another value, the field is reported as ambiguous
 * with every value those segmentations give.
 */
import { OFF, type ProgramLines, RegionShapes, SHAPE_SEED } from './line-model.js';
import { NumberKind, runtimeNumberValue } from './number-format.js';
import type { AmbiguousField, GcCycle } from './types.js';

/** Field slots of a path's value array. */
export const F = {
  n: 0,
  at: 1,
  util: 2,
  clock0: 3,
  clock1: 4,
  clock2: 5,
  cpu0: 6,
  cpu1: 7,
  cpu2: 8,
  cpu3: 9,
  cpu4: 10,
  heap0: 11,
  heap1: 12,
  heap2: 13,
  goal: 14,
  stacks: 15,
  globals: 16,
  procs: 17,
} as const;
export const FIELD_COUNT = 18;

export const FIELD_NAMES: readonly string[] = [
  'n',
  'atSeconds',
  'cpuPercent',
  'clockMs[0]',
  'clockMs[1]',
  'clockMs[2]',
  'cpuMs[0]',
  'cpuMs[1]',
  'cpuMs[2]',
  'cpuMs[3]',
  'cpuMs[4]',
  'heapMiB[0]',
  'heapMiB[1]',
  'heapMiB[2]',
  'goalMiB',
  'stacksMiB',
  'globalsMiB',
  'procs',
];

export type Step =
  | { lit: string; optional: boolean; skipTo: number; final: boolean }
  | { num: number; kind: NumberKind; skipTo: number };

function lit(text: string, optional = false): Step {
  return { lit: text, optional, skipTo: -1, final: text === '\n' };
}
function num(field: number, kind: NumberKind, skipTo = -1): Step {
  return { num: field, kind, skipTo };
}

const I = NumberKind.integer;
const MS = NumberKind.millis;

/** The gctrace line as a sequence of runtime writes, with its optional parts. */
export const STEPS: Step[] = [
  lit('gc '),
  num(F.n, I),
  lit(' @'),
  num(F.at, NumberKind.seconds),
  lit('s '),
  num(F.util, NumberKind.percent),
  lit('%'),
  lit(' (checking for goroutine leaks)', true), // 7
  lit(': '),
  num(F.clock0, MS),
  lit('+'),
  num(F.clock1, MS),
  lit('+'),
  num(F.clock2, MS),
  lit(' ms clock, '),
  num(F.cpu0, MS),
  lit('+'),
  num(F.cpu1, MS),
  lit('/'),
  num(F.cpu2, MS),
  lit('/'),
  num(F.cpu3, MS),
  lit('+'),
  num(F.cpu4, MS),
  lit(' ms cpu, '),
  num(F.heap0, I),
  lit('->'),
  num(F.heap1, I),
  lit('->'),
  num(F.heap2, I),
  lit(' MB, '),
  num(F.goal, I),
  lit(' MB goal, '),
  num(F.stacks, I, 37), // 33: Go ≤1.17 skips to procs
  lit(' MB stacks, '),
  num(F.globals, I),
  lit(' MB globals, '),
  num(F.procs, I), // 37
  lit(' P'),
  lit(' (forced)', true), // 39
  lit('\n'),
];
export const STEP_LEAK = 7;
export const STEP_FORCED = 39;

/**
 * Most lines of foreign text between two runtime writes. Under CPU contention the runtime can be
 * descheduled between two tokens while the program writes on: 170 lines were seen at 10k
 * lines/s.
 */
export const GAP_MAX_LINES = 512;
/** Most bytes of foreign text between two runtime writes. */
export const GAP_MAX_BYTES = 64 * 1024;
export const FOREIGN_COST = 10;
export const KNOWN_FOREIGN_COST = 7;
export const PARTIAL_COST = 2;
export const SPLIT_START_COST = 1.5;
export const SPLIT_END_COST = 1.5;
/**
 * Readings that cost less than this more than the best are near ties: their values are
 * reported as candidates. One split pair (a program write cutting a digit run, start and end):
 * where a digit run touching a runtime number is cut is the commonest thing the runtime's side
 * cannot decide (program `7179` + runtime `9` against runtime `7` + program `1799`). At 2, two
 * wrong cycles of flood-a were unmarked (their true readings 2–2.25 dearer); 3 marks 37 of the
 * fixtures' 2026 cycles against 24, all in the flood captures, at no measurable cost in time.
 */
export const AMBIGUITY_MARGIN = SPLIT_START_COST + SPLIT_END_COST;
export const RUNTIME_WORDS = [
  ' ms clock, ',
  ' ms cpu, ',
  ' MB goal, ',
  ' MB stacks, ',
  ' MB globals, ',
  ' (forced)',
  ' (checking for goroutine leaks)',
];
export const RUNTIME_WORD_COST = 15;
/** A goal other than the one the previous live heap gives (when that held on the last cycles). */
export const GOAL_MODEL_COST = 8;
/** Heap at GC start above the goal (not once in 6000 clean lines of the flood captures). */
export const HEAP_OVER_GOAL_COST = 12;
/**
 * Heap at GC end below the heap at GC start: heapLive only grows during the mark phase (but for
 * a flushed mcache's unused span tails, so one truncated MiB of slack).
 */
export const HEAP_SHRINK_COST = 12;
/** Scannable globals that change between cycles. */
export const GLOBALS_CHANGE_COST = 20;
/** A GC CPU percent that moved further than the time since the previous cycle allows. */
export const UTIL_JUMP_COST = 8;
export const LINE_LIKE_COST = 8;
export const FORCED_LEFTOVER_COST = 15;
export const TRUNCATED_COST = 3;
/** Go ≤1.17 reading after a cycle with stacks and globals, or the other way round. */
export const FORMAT_SWITCH_COST = 6;
/** GOMAXPROCS above this (no limit in the runtime, but far beyond real machines) costs more. */
export const MAX_PLAUSIBLE_PROCS = 1024;
export const HUGE_PROCS_COST = 20;
/**
 * GOMAXPROCS other than the previous cycle's: a runtime.GOMAXPROCS call or a container's new
 * CPU limit, rare events, while a program write ending in digits right before the runtime's
 * P (`18264` + `2`, read as P 18 and program `2642 ms…`) comes with every busy log.
 */
export const PROCS_CHANGE_COST = 15;
/**
 * The first cycle seen with a number other than 1. A trace read from the program's start
 * begins at gc 1; one joined later (attach) starts anywhere, but then every reading pays this
 * alike. More than a partial write and its split (3.5), so that program digits touching the
 * runtime's `1` (`44` + `1`, seen in a flood) do not read as gc 4 or 44 one split cheaper.
 */
export const FIRST_CYCLE_NOT_ONE_COST = 12;
const EXPLORE_MARGIN = 3;
const MAX_COST = 46;
const FIRST_LIMIT = 14;
const COST_PER_LINE = 12;
const MAX_COST_CAP = 240;
const MAX_NODES = 40000;
/** Most nodes the passes after the first may spend on a reading the caller has to confirm. */
const TENTATIVE_NODES = 3000;
/**
 * Whether the `gc ` at g in s starts another gctrace line (not the one being read at 0):
 * `gc <digits> @`, or `gc <digits>` then a non-digit where the number is one of the next few
 * cycles after the one being read (prev.n + 2 …): the runtime writes ` @` separately, and a
 * starved writer lets program text in between (`gc 32progress 806  @0.115s`). No reading may
 * take such a line's text as program output: it would lose that cycle.
 */
export function otherLineAt(s: string, g: number, prev: GcCycle | null): boolean {
  let j = g + 3;
  let n = 0;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
    n = n * 10 + (s.charCodeAt(j) - 48);
    j++;
  }
  if (j === g + 3) return false;
  if (s.startsWith(' @', j)) return true;
  return prev !== null && j < s.length && n >= prev.n + 2 && n <= prev.n + 4;
}

/** Whether the literal tokens of a gctrace line (SKELETON) all appear in s, in order, before `end`. */
export function skeletonBefore(s: string, end: number): boolean {
  let q = 3;
  for (const word of SKELETON) {
    q = s.indexOf(word, q);
    if (q === -1 || q + word.length > end) return false;
    q += word.length;
  }
  return true;
}

/** Literal tokens every gctrace line has, in order. */
export const SKELETON = [
  ' @',
  's ',
  '%',
  ': ',
  '+',
  '+',
  ' ms clock, ',
  '+',
  '/',
  '/',
  '+',
  ' ms cpu, ',
  '->',
  '->',
  ' MB, ',
  ' MB goal, ',
  ' P',
];
const MAX_COMPLETE = 64;
const MAX_OCCURRENCES = 12;
/** After the best complete reading, wait this many lines for a trailing ` (forced)`. */
const FORCED_LOOKAHEAD_LINES = 4;

/** Shapes of the first characters of lines the program printed (digit→9, letter→a). */
export class LineShapes {
  private readonly known = new Set<number>();
  constructor() {
    for (const sample of [
      '2026/11/25 17:08:30 x',
      '2026-11-25 17:08:30 x',
      '2026-11-25T17:08:30.123Z',
      '17:08:30 x',
      '17:08:30.123456 x',
    ]) {
      this.learn(sample, 0);
    }
  }
  static hash(s: string, start: number): number {
    let h = 7;
    const end = Math.min(s.length, start + 10);
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) break;
      let k: number;
      if (c >= 48 && c <= 57) k = 1;
      else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) k = 2;
      else k = c + 3;
      h = (Math.imul(h, 131) + k) | 0;
    }
    return h;
  }
  /** Collapsed shapes (digit runs → 9, letter runs → a) of the first 5 classes of any line. */
  private readonly lines = new Set<number>();
  /** Whether learnLine has nothing more to learn (the set is full). */
  linesFull = false;
  static lineHash(s: string, start: number): number {
    let h = 11;
    let last = -1;
    let classes = 0;
    const end = Math.min(s.length, start + 24);
    for (let i = start; i < end && classes < 5; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) break;
      let k: number;
      if (c >= 48 && c <= 57) k = 1;
      else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127) k = 2;
      else k = c + 3;
      if (k === last && k <= 2) continue;
      last = k;
      classes++;
      h = (Math.imul(h, 131) + k) | 0;
    }
    return h;
  }
  /** Learns the shape of a program line that starts at start. */
  learnLine(s: string, start: number): void {
    if (this.linesFull) return;
    this.lines.add(LineShapes.lineHash(s, start));
    if (this.lines.size >= 256) this.linesFull = true;
  }
  /** Whether a program line that starts like s[start…] was seen before. */
  hasLine(s: string, start: number): boolean {
    return this.lines.has(LineShapes.lineHash(s, start));
  }
  learn(s: string, start: number): void {
    if (this.known.size >= 64) return;
    this.known.add(LineShapes.hash(s, start));
  }
  has(s: string, start: number): boolean {
    return this.known.has(LineShapes.hash(s, start));
  }
}

export interface SearchContext {
  /** The previous cycle of the same process, for plausibility. */
  prev: GcCycle | null;
  /** Most search steps this search may take (the caller's budget); MAX_NODES at most. */
  maxNodes?: number;
  /** Set by the search: the steps it took. */
  nodesUsed?: number;
  shapes: LineShapes;
  /** Learned shapes of whole program lines (line-model.ts). */
  lines?: ProgramLines;
  /** Line context (line-model.ts) of the program's partial line before the held `gc `. */
  lineContext?: [number, number];
  /**
   * The goal this cycle should have if the heap goal follows the previous cycle's live heap as
   * it did on the last cycles (GOGC=100: 2 × live + stacks + globals), or null.
   */
  goalPred?: number | null;
  /** Identifies the held region: a search of the same region with more text reuses work. */
  regionId?: number;
  /**
   * Points of a rise of the cumulative GC CPU figure (`N%`) that the cycle's own cpu times
   * explain (see utilExplained): set by the parser for a second look at a cycle whose `N%`
   * was left undecided.
   */
  utilExplained?: number;
}

/**
 * A SearchContext with every property present, in one order, so that all contexts share one
 * V8 map: the searches' hot closures read the context, and each new shape V8 met there threw
 * their optimized code away (measured with --trace-deopt on a flood capture). regionId -1: no
 * work to reuse.
 */
export function searchContext(c: SearchContext): SearchContext {
  return {
    prev: c.prev,
    maxNodes: c.maxNodes ?? MAX_NODES,
    nodesUsed: 0,
    shapes: c.shapes,
    lines: c.lines,
    lineContext: c.lineContext,
    goalPred: c.goalPred ?? null,
    regionId: c.regionId ?? -1,
    utilExplained: c.utilExplained ?? 0,
  };
}

interface Path {
  cost: number;
  end: number;
  vals: Float64Array;
  /** Foreign segments as [start, end) pairs, flattened. */
  foreign: number[];
  leak: boolean;
  forced: boolean;
  stacks: boolean;
  segments: number;
}

/** A complete reading of a spliced line: the cycle, where it ends, its foreign [from, to) pairs. */
export interface SpliceReading {
  kind: 'ok';
  cycle: Omit<GcCycle, 'process' | 'periodic'>;
  end: number;
  foreign: number[];
}
export type SearchOutcome =
  | SpliceReading
  | { kind: 'more'; tentative?: SpliceReading }
  | { kind: 'fail' };

function isNumChar(c: number, kind: NumberKind): boolean {
  return (c >= 48 && c <= 57) || (c === 46 && (kind === MS || kind === NumberKind.seconds));
}

/**
 * The plausibility of a cycle number after `prev`, shared by both splice searches. A new
 * process, or a number that skips ahead (lost lines are rare), is less likely than program
 * digits that touch the runtime's (`gc 1142` = program `114`, runtime `2`), which costs one
 * more foreign write; a lower number within one process cannot happen (a new one starts at 1).
 */
export function cycleNumberCost(prev: GcCycle | null, v: number): number {
  if (!prev) return v === 1 ? 0 : FIRST_CYCLE_NOT_ONE_COST;
  if (v === prev.n + 1) return 0;
  if (v === 1) return 24;
  if (v > prev.n + 1) return 20 + Math.min(6, Math.log2(v - prev.n));
  return 30;
}

/**
 * The plausibility of the last fields of a line (goal, stacks, globals, P), shared by both
 * splice searches; each passes its own measure of how far a value is from a prediction.
 * `vals` holds the values read so far, indexed by F.
 */
export function tailFieldCost(
  field: number,
  v: number,
  vals: ArrayLike<number>,
  prev: GcCycle | null,
  near: (v: number, pred: number) => number,
  goalPred: number | null = null,
): number {
  switch (field) {
    case F.goal: {
      let c = near(v, Math.max(vals[F.heap0] ?? 0, vals[F.heap1] ?? 0));
      if (prev) c = Math.min(c, near(v, prev.goalMiB));
      // The goal follows from the previous cycle's live heap (truncated MiB: -1..+2).
      if (goalPred !== null && (v < goalPred - 1 || v > goalPred + 2)) c += GOAL_MODEL_COST;
      // A cycle starts before the heap reaches its goal.
      if ((vals[F.heap0] ?? 0) > v) c += HEAP_OVER_GOAL_COST;
      return c;
    }
    case F.stacks:
      return prev ? near(v, prev.stacksMiB ?? 0) : 0;
    case F.globals:
      // The data and bss of a program do not change while it runs.
      if (!prev) return 0;
      return (
        near(v, prev.globalsMiB ?? 0) + (v !== (prev.globalsMiB ?? 0) ? GLOBALS_CHANGE_COST : 0)
      );
    case F.procs: {
      // GOMAXPROCS is at least 1, rarely above 64, and does not change often.
      let c =
        v === 0
          ? 6
          : prev
            ? v === prev.procs
              ? 0
              : PROCS_CHANGE_COST
            : v > 256
              ? 4
              : v > 64
                ? 2
                : 0;
      // Beyond any machine's CPU count: program digits touching the runtime's (`2` + `1114`).
      // GOMAXPROCS=2000 is allowed, though: once read, the same value costs nothing more.
      if (v > MAX_PLAUSIBLE_PROCS && v !== prev?.procs) c += HUGE_PROCS_COST;
      // CPU times cannot exceed wall time × P (with rounding slack).
      const clock0 = vals[F.clock0] ?? 0;
      const clock1 = vals[F.clock1] ?? 0;
      const clock2 = vals[F.clock2] ?? 0;
      if ((vals[F.cpu0] ?? 0) > clock0 * v * 1.2 + 0.01) c += 6;
      if ((vals[F.cpu4] ?? 0) > clock2 * v * 1.2 + 0.01) c += 6;
      const mark = (vals[F.cpu1] ?? 0) + (vals[F.cpu2] ?? 0) + (vals[F.cpu3] ?? 0);
      if (mark > clock1 * v * 1.5 + 0.05) c += 6;
      return c;
    }
    default:
      return 0;
  }
}

/**
 * The GC CPU percent is cumulative since the program started: between cycles at t1 and t2 the
 * share moves by at most (t2 - t1) / t2 (then each is truncated to a whole percent). Slack for
 * the time bases: half as much again, and 2 points.
 */
export function utilCost(v: number, at: number, prev: GcCycle | null, explained = 0): number {
  if (!prev) return 0;
  let d = Math.abs(v - prev.cpuPercent);
  if (v > prev.cpuPercent) d = Math.max(0, d - explained);
  let c = Math.min(6, d * 0.5);
  if (at >= prev.atSeconds && at > 0) {
    const allowed = (150 * (at - prev.atSeconds)) / at + 2;
    if (d > allowed) c += UTIL_JUMP_COST;
  }
  return c;
}

/**
 * The GC CPU figure (`N%`) is cumulative since the program started, so one cycle can raise it
 * by at most what its own cpu times add: 100 × their sum / (seconds × 1000 × P) points. A
 * starved cycle can: a 7.8 ms stop-the-world at 0.038 s on 2 Ps took it from 1 to 14.
 */
export function utilExplained(c: Pick<GcCycle, 'cpuMs' | 'atSeconds' | 'procs'>): number {
  if (!(c.atSeconds > 0) || !(c.procs > 0)) return 0;
  const sum = c.cpuMs.reduce((a, b) => a + b, 0);
  return (100 * sum) / (c.atSeconds * 1000 * c.procs);
}

export function closeness(v: number, pred: number): number {
  const r = Math.abs(Math.log2((v + 1) / (pred + 1)));
  return Math.min(6, 1.5 * r);
}

const dfsRegion = new RegionShapes();
let dfsRegionId = -1;
let dfsRegionLen = 0;

/**
 * Searches readings of s (which starts with `gc `). `final` means no more text will come.
 */
export function searchSplicedLine(s: string, final: boolean, ctx: SearchContext): SearchOutcome {
  const len = s.length;
  const prev = ctx.prev;
  // A typed array: a plain array's elements kind moves from small integers to doubles during
  // each search, and code V8 optimized for one kind is thrown away at the other (measured
  // with --trace-deopt on a flood capture: 'wrong map' deopts of the search's closures).
  const vals = new Float64Array(FIELD_COUNT);
  const foreign: number[] = [];
  const complete: Path[] = [];
  let bound = MAX_COST;
  let nodes = 0;
  let totalNodes = 0;
  let nodeCap = Math.max(1, Math.min(MAX_NODES, ctx.maxNodes ?? MAX_NODES));
  let incomplete = false;
  /** Some reading within the bound could go on with foreign text past the end (any cost). */
  let mayGoOn = false;
  let blockerCost = Number.POSITIVE_INFINITY;
  let leak = false;
  let forced = false;
  let stacks = true;
  const maxProcs = prev ? prev.procs : 256;

  /** A number token at q that looks like the start of a line the program prints (a log date). */
  function lineLike(q: number): number {
    // Not right after other digits: program digits touching a runtime number (`5189`+`50`).
    const before = q > 0 ? s.charCodeAt(q - 1) : -1;
    if (before >= 48 && before <= 57) return 0;
    return knownShape(q) ? LINE_LIKE_COST : 0;
  }

  function plausibility(field: number, v: number): number {
    switch (field) {
      case F.n:
        return cycleNumberCost(prev, v);
      case F.at:
        if (!prev) return 0;
        if (v < prev.atSeconds) return 6;
        return Math.min(6, Math.log2(1 + (v - prev.atSeconds) / (prev.atSeconds * 0.5 + 1)));
      case F.util:
        return utilCost(v, vals[F.at] ?? 0, prev, ctx.utilExplained ?? 0);
      case F.cpu0:
        return v > (vals[F.clock0] ?? 0) * maxProcs * 1.2 + 0.01 ? 6 : 0;
      case F.cpu1:
      case F.cpu2:
      case F.cpu3:
        return v > (vals[F.clock1] ?? 0) * maxProcs * 1.5 + 0.05 ? 6 : 0;
      case F.cpu4:
        return v > (vals[F.clock2] ?? 0) * maxProcs * 1.2 + 0.01 ? 6 : 0;
      case F.heap0:
        return prev ? closeness(v, prev.goalMiB) * 0.5 : 0;
      case F.heap1:
        return (
          closeness(v, vals[F.heap0] ?? 0) + (v + 1 < (vals[F.heap0] ?? 0) ? HEAP_SHRINK_COST : 0)
        );
      case F.heap2: {
        const h1 = vals[F.heap1] ?? 0;
        if (v > h1) return Math.min(6, 2 + closeness(v, h1));
        return prev ? closeness(v, prev.heapMiB[2]) * 0.5 : 0;
      }
      default:
        return tailFieldCost(field, v, vals, prev, closeness, ctx.goalPred ?? null);
    }
  }

  /** Cost of foreign text s[a, b), or -1 if it cannot be foreign text. */
  // Precomputed once per search: newline positions, starts of other gctrace lines, and the
  // runtime's own words, so that scoring a foreign segment needs no scan of the text.
  const newlines: number[] = [];
  for (let k = s.indexOf('\n'); k !== -1; k = s.indexOf('\n', k + 1)) newlines.push(k);
  const gcStarts: number[] = [];
  for (let g = s.indexOf('gc ', 1); g !== -1; g = s.indexOf('gc ', g + 3)) {
    if (otherLineAt(s, g, prev)) gcStarts.push(g);
  }
  const words: number[] = []; // [start, end) pairs, sorted by start
  for (const word of RUNTIME_WORDS) {
    for (let w = s.indexOf(word); w !== -1; w = s.indexOf(word, w + 1)) {
      words.push(w, w + word.length);
    }
  }
  {
    const pairs: [number, number][] = [];
    for (let k = 0; k < words.length; k += 2) pairs.push([words[k] ?? 0, words[k + 1] ?? 0]);
    pairs.sort((x, y) => x[0] - y[0]);
    words.length = 0;
    for (const [x, y] of pairs) words.push(x, y);
  }
  const region = dfsRegion;
  const regionId = ctx.regionId ?? -1;
  if (regionId < 0 || regionId !== dfsRegionId || s.length < dfsRegionLen) {
    region.reset(ctx.lines);
    dfsRegionId = regionId;
  }
  dfsRegionLen = s.length;
  region.extend(s);
  let lineH = ctx.lineContext?.[0] ?? SHAPE_SEED;
  let lineL = ctx.lineContext?.[1] ?? OFF;
  /** knownShape per position: 0 not asked yet, 1 no, 2 yes. */
  const shapeMemo = new Uint8Array(len + 1);
  const seen = new Map<number, number>();

  /** Index of the first element ≥ x in a sorted array (stride 1 or 2). */
  function lowerBound(arr: number[], x: number, stride: number): number {
    let lo = 0;
    let hi = arr.length / stride;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((arr[mid * stride] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function knownShape(a: number): boolean {
    const m = shapeMemo[a] ?? 0;
    if (m !== 0) return m === 2;
    const c = s.charCodeAt(a);
    const k = c >= 48 && c <= 57 && ctx.shapes.has(s, a);
    if (a <= len) shapeMemo[a] = k ? 2 : 1;
    return k;
  }

  /** Cost of foreign text s[a, b), or -1 if it cannot be foreign text. */
  function foreignCost(a: number, b: number, beforeFinal: boolean): number {
    const c = foreignBaseCost(a, b, beforeFinal);
    if (c < 0 || !region.on) return c;
    // The program line this segment adds to (it depends on the segments before it).
    return c + region.gapCost(lineH, lineL, a, b, region.nlIndexFrom(a), region.nlIndexFrom(b));
  }

  /**
   * foreignCost without its line-shape part (which is never negative): a lower bound that is
   * enough to see most segments cut off by the bound.
   */
  function foreignBaseCost(a: number, b: number, beforeFinal: boolean): number {
    if (b - a > GAP_MAX_BYTES) return -1;
    return foreignCostUncached(a, b, beforeFinal);
  }

  /** foreignCost of s[a, b) given its foreignBaseCost c (not negative). */
  function withLineShape(c: number, a: number, b: number): number {
    if (!region.on) return c;
    return c + region.gapCost(lineH, lineL, a, b, region.nlIndexFrom(a), region.nlIndexFrom(b));
  }

  /**
   * How many readings of a number at q end in (q, e2]: what pruned() counts when foreign text
   * before the number already passes the bound (the plausibility terms are never negative).
   */
  function validEnds(q: number, e2: number, kind: NumberKind): number {
    let n = 0;
    for (let e = e2; e > q; e--) if (runtimeNumberValue(s, q, e, kind) >= 0) n++;
    return n;
  }

  /**
   * (c) of a number step i at p: each place q after p where its number can start after foreign
   * text s[p, q) (at a run of number characters or inside one, not at a line start), with the
   * run's end e2 and the foreign text's foreignBaseCost; stops where foreign text can go no
   * further, or after MAX_OCCURRENCES runs.
   */
  function laterNumbers(
    i: number,
    p: number,
    visit: (q: number, e2: number, base: number) => void,
  ) {
    const kind = (STEPS[i] as { kind: NumberKind }).kind;
    const next = (STEPS[i + 1] as { lit: string }).lit;
    const runEnds = kind === MS || kind === NumberKind.seconds ? runEndTime : runEndInt;
    let runs = 0;
    for (let k = lowerBound(digitStarts, p + 1, 1); k < digitStarts.length; k++) {
      const q = digitStarts[k] ?? len;
      const cb = s.charCodeAt(q - 1);
      if (!(cb >= 48 && cb <= 57) && ++runs > MAX_OCCURRENCES) break;
      let e2 = Math.min(runEnds[q] ?? q, q + 21);
      // The whole run right before the next literal is (b); its shorter prefixes are not
      // (`0.011` + program `2026/11/25 …` + runtime `/`).
      if (s.startsWith(next, e2)) e2--;
      if (e2 <= q) continue;
      const base = foreignBaseCost(p, q, false);
      if (base < 0) break;
      visit(q, e2, base);
    }
  }

  /**
   * Number step i read at q, ending anywhere in (q, e2], after foreign text s[p, q) whose
   * foreignBaseCost is base.
   */
  function numberAfterForeign(
    i: number,
    p: number,
    q: number,
    e2: number,
    base: number,
    cost: number,
    segs: number,
  ): void {
    const { num: field, kind } = STEPS[i] as { num: number; kind: NumberKind };
    if (cost + base > bound) {
      // Every reading of this number is cut off: counted as pruned() would count them.
      nodes += validEnds(q, e2, kind);
      return;
    }
    const fc = withLineShape(base, p, q);
    const like = lineLike(q);
    for (let e = e2; e > q; e--) {
      const v = runtimeNumberValue(s, q, e, kind);
      if (v < 0) continue;
      const pc = plausibility(field, v) + like;
      if (pruned(cost + fc + pc)) continue;
      withForeign(p, q, () => {
        vals[field] = v;
        dfs(i + 1, e, cost + fc + pc, segs + 1);
      });
    }
  }

  function foreignCostUncached(a: number, b: number, beforeFinal: boolean): number {
    const lines = (nlBefore[b] ?? 0) - (nlBefore[a] ?? 0);
    if (lines > GAP_MAX_LINES) return -1;
    // Runtime prints are serialised: another gctrace line cannot start inside this one.
    const g = gcFrom[a] ?? -1;
    if (g !== -1 && g < b) return -1;
    const first = s.charCodeAt(a);
    // Foreign text that starts like lines the program printed before (a log date): evidence.
    const known = knownShape(a);
    let c = known ? KNOWN_FOREIGN_COST : FOREIGN_COST;
    // Program text rarely contains the runtime's own words.
    for (let k = (wordFrom[a] ?? 0) * 2; k < words.length && (words[k] ?? b) < b; k += 2) {
      if ((words[k + 1] ?? b + 1) <= b) c += RUNTIME_WORD_COST;
    }
    if (!beforeFinal && s.charCodeAt(b - 1) !== 10) c += PARTIAL_COST;
    const before = a > 0 ? s.charCodeAt(a - 1) : -1;
    // Foreign text that continues a run of number characters: the boundary is a guess.
    if (!known && isNumChar(before, MS) && isNumChar(first, MS)) c += SPLIT_START_COST;
    const last = s.charCodeAt(b - 1);
    const after = s.charCodeAt(b);
    if (last >= 48 && last <= 57 && ((after >= 48 && after <= 57) || after === 46)) {
      c += SPLIT_END_COST;
    }
    return c;
  }

  function record(end: number, cost: number, segments: number): void {
    // Program text left after the reading is scored like the text inside it.
    if (region.on) cost += region.tailCost(lineH, lineL, end);
    if (complete.length >= MAX_COMPLETE && cost >= bound) return;
    complete.push({
      cost,
      end,
      vals: vals.slice(),
      foreign: foreign.slice(),
      leak,
      forced,
      stacks,
      segments,
    });
    bound = Math.min(bound, cost + EXPLORE_MARGIN);
  }

  /**
   * A reading that runs into the end of the text (more text could complete it), at this cost.
   * Only readings within the current bound count: one that is dearer than every reading the
   * bound lets through is no reason to wait for more text.
   */
  function markIncomplete(step: number, cost: number, blocker = cost): void {
    mayGoOn = true;
    // A ` (forced)` may still follow the best reading: wait for a few lines (at any cost).
    if (step >= STEP_FORCED && blocker < blockerCost) blockerCost = blocker;
    if (cost > bound) return;
    incomplete = true;
  }

  /** The token of step i after foreign text that runs to the end of the text. */
  function markForeignToEnd(i: number, p: number, cost: number): void {
    const base = foreignBaseCost(p, len, false);
    if (base < 0) return;
    // Past the bound the line-shape part changes nothing (markIncomplete only compares).
    const fc = cost + base > bound ? base : withLineShape(base, p, len);
    markIncomplete(i, cost + fc, cost + KNOWN_FOREIGN_COST);
  }

  /** Token of step i (a literal) at position q, then continue. */
  function afterLiteral(i: number, q: number, cost: number, segs: number): void {
    const step = STEPS[i] as { lit: string };
    if (i === STEP_LEAK) leak = true;
    if (i === STEP_FORCED) forced = true;
    dfs(i + 1, q + step.lit.length, cost, segs);
    if (i === STEP_LEAK) leak = false;
    if (i === STEP_FORCED) forced = false;
  }

  function withForeign(a: number, b: number, then: () => void): void {
    foreign.push(a, b);
    const h = lineH;
    const l = lineL;
    if (region.on) {
      region.gapCost(h, l, a, b, region.nlIndexFrom(a), region.nlIndexFrom(b));
      lineH = region.outH;
      lineL = region.outLast;
    }
    then();
    lineH = h;
    lineL = l;
    foreign.length -= 2;
  }

  function optionalPresent(i: number, p: number, cost: number, segs: number, text: string): void {
    if (s.startsWith(text, p)) {
      afterLiteral(i, p, cost, segs);
      return;
    }
    if (p >= len) {
      markIncomplete(i, cost);
      return;
    }
    let q = s.indexOf(text, p + 1);
    let count = 0;
    while (q !== -1 && count < MAX_OCCURRENCES) {
      const base = foreignBaseCost(p, q, false);
      if (base < 0) return;
      count++;
      const at = q;
      if (cost + base > bound)
        nodes++; // as pruned() would
      else {
        const fc = withLineShape(base, p, q);
        if (!pruned(cost + fc)) withForeign(p, at, () => afterLiteral(i, at, cost + fc, segs + 1));
      }
      q = s.indexOf(text, q + 1);
    }
    if (q === -1) markForeignToEnd(i, p, cost);
  }

  /**
   * Whether a step at this cost would be cut off by the bound: counted as the node dfs would
   * have refused, without the closure and line-model work of setting the step up.
   */
  function pruned(cost: number): boolean {
    if (cost <= bound) return false;
    nodes++;
    return true;
  }

  function dfs(i: number, p: number, cost: number, segs: number): void {
    if (++nodes > nodeCap || cost > bound) return;
    // Dominance: a state (step, position) reached before much more cheaply has nothing new to
    // offer (future costs depend on earlier values only through small plausibility terms).
    const key = i * (len + 2) + p;
    const seenCost = seen.get(key);
    if (seenCost !== undefined) {
      if (cost > seenCost + EXPLORE_MARGIN) return;
      if (cost < seenCost) seen.set(key, cost);
    } else {
      seen.set(key, cost);
    }
    const step = STEPS[i];
    if (step === undefined) return;
    if ('lit' in step) {
      if (step.optional) {
        // Present first, so that on equal cost the reading with the runtime's token wins.
        optionalPresent(i, p, cost, segs, step.lit);
        dfs(i + 1, p, cost, segs);
        return;
      }
      if (step.final) {
        // The closing newline (CRLF accepted: a pty turns \n into \r\n).
        if (s.charCodeAt(p) === 10) {
          record(p + 1, cost, segs);
          return;
        }
        if (s.charCodeAt(p) === 13 && s.charCodeAt(p + 1) === 10) {
          record(p + 2, cost, segs);
          return;
        }
        if (p >= len) {
          if (final) record(p, cost, segs);
          else markIncomplete(i, cost);
          return;
        }
        // Foreign text, then the runtime's newline: any newline within the gap limit can be the
        // runtime's. Foreign text ending in a newline (whole program lines) costs least.
        let nl = s.indexOf('\n', p);
        let lines = 0;
        while (nl !== -1 && lines < GAP_MAX_LINES) {
          lines++;
          const b = nl > p && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
          if (b > p) {
            let fc = foreignCost(p, b, false);
            if (fc < 0) return;
            // The runtime's ` (forced)` on a line of its own later would be left over as output.
            const lo = s.indexOf(' (forced)', nl + 1);
            if (lo !== -1 && s.charCodeAt(lo - 1) === 10) fc += FORCED_LEFTOVER_COST;
            const end = nl + 1;
            withForeign(p, b, () => record(end, cost + fc, segs + 1));
          }
          nl = s.indexOf('\n', nl + 1);
        }
        if (nl === -1 && lines < GAP_MAX_LINES) {
          if (final) {
            // A capture cut off before the runtime's newline.
            const fc = foreignCost(p, len, false);
            if (fc >= 0)
              withForeign(p, len, () => record(len, cost + fc + TRUNCATED_COST, segs + 1));
          } else {
            markForeignToEnd(i, p, cost);
          }
        }
        return;
      }
      const here = s.startsWith(step.lit, p);
      if (here) afterLiteral(i, p, cost, segs);
      if (p >= len) {
        markIncomplete(i, cost);
        return;
      }
      // Foreign text, then the literal; also where the literal is here, for foreign text that
      // begins with the same characters as the runtime's (`->` + a log line, then `->`).
      let q = s.indexOf(step.lit, p + 1);
      let count = 0;
      while (q !== -1 && count < MAX_OCCURRENCES) {
        const base = foreignBaseCost(p, q, false);
        if (base < 0) return;
        count++;
        if (cost + base > bound)
          nodes++; // as pruned() would
        else {
          const fc = withLineShape(base, p, q);
          if (!pruned(cost + fc)) withForeign(p, q, () => afterLiteral(i, q, cost + fc, segs + 1));
        }
        q = s.indexOf(step.lit, q + 1);
      }
      if (q === -1 && count < MAX_OCCURRENCES && !here) markForeignToEnd(i, p, cost);
      return;
    }
    // A number.
    if (step.skipTo >= 0) {
      stacks = false;
      const switchCost = prev && prev.stacksMiB !== null ? FORMAT_SWITCH_COST : 0;
      dfs(step.skipTo, p, cost + switchCost, segs);
      stacks = true;
      if (prev && prev.stacksMiB === null) cost += FORMAT_SWITCH_COST;
    }
    const kind = step.kind;
    const field = step.num;
    const next = STEPS[i + 1] as { lit: string };
    if (p >= len) {
      markIncomplete(i, cost);
      return;
    }
    // Directly here: every prefix of the number run the runtime could have printed.
    let runEnd = p;
    while (runEnd < len && runEnd - p < 21 && isNumChar(s.charCodeAt(runEnd), kind)) runEnd++;
    const likeHere = lineLike(p);
    // Prefixes followed by the next literal first (clean readings), the others after (a).
    for (let e = runEnd; e > p; e--) {
      if (!s.startsWith(next.lit, e)) continue;
      const v = runtimeNumberValue(s, p, e, kind);
      if (v < 0) continue;
      vals[field] = v;
      dfs(i + 1, e, cost + plausibility(field, v) + likeHere, segs);
    }
    // Foreign text first (every foreign segment costs at least KNOWN_FOREIGN_COST, so none is
    // tried once that would pass the bound). (a) The number starts a line of its own.
    let nl = cost + KNOWN_FOREIGN_COST <= bound ? s.indexOf('\n', p) : -1;
    let lines = 0;
    while (nl !== -1 && lines < GAP_MAX_LINES) {
      lines++;
      const q = nl + 1;
      if (q < len && isNumChar(s.charCodeAt(q), kind)) {
        const base = foreignBaseCost(p, q, false);
        if (base < 0) break;
        let e2 = q;
        while (e2 < len && e2 - q < 21 && isNumChar(s.charCodeAt(e2), kind)) e2++;
        numberAfterForeign(i, p, q, e2, base, cost, segs);
      }
      nl = s.indexOf('\n', nl + 1);
    }
    for (let e = runEnd; e > p; e--) {
      if (s.startsWith(next.lit, e)) continue;
      const v = runtimeNumberValue(s, p, e, kind);
      if (v < 0) continue;
      vals[field] = v;
      dfs(i + 1, e, cost + plausibility(field, v) + likeHere, segs);
    }
    // (b) The number sits right before the next literal, after a partial write.
    let r = cost + KNOWN_FOREIGN_COST <= bound ? s.indexOf(next.lit, p + 1) : -1;
    let count = 0;
    while (r !== -1 && count < MAX_OCCURRENCES) {
      count++;
      let q0 = r;
      while (q0 > p + 1 && r - q0 < 21 && isNumChar(s.charCodeAt(q0 - 1), kind)) q0--;
      for (let q = q0; q < r; q++) {
        if (s.charCodeAt(q - 1) === 10) continue; // covered by (a)
        const v = runtimeNumberValue(s, q, r, kind);
        if (v < 0) continue;
        const base = foreignBaseCost(p, q, false);
        if (base < 0) {
          count = MAX_OCCURRENCES;
          break;
        }
        if (cost + base > bound) {
          nodes++; // as pruned() below
          continue;
        }
        const fc = withLineShape(base, p, q);
        const pc = plausibility(field, v) + lineLike(q);
        if (pruned(cost + fc + pc)) continue;
        withForeign(p, q, () => {
          vals[field] = v;
          dfs(i + 1, r, cost + fc + pc, segs + 1);
        });
      }
      r = s.indexOf(next.lit, r + 1);
    }
    // (c) Foreign text on both sides of the number (two writes in a row): the number starts
    // later in the text, at a run of number characters or inside one (program digits right
    // before the runtime's: `924` + `0.19`), on this line or inside a later one (a log line,
    // then `progress 45% ` + runtime `0.016` + a JSON line).
    if (cost + KNOWN_FOREIGN_COST <= bound) {
      laterNumbers(i, p, (q, e2, base) => numberAfterForeign(i, p, q, e2, base, cost, segs));
    }
    markForeignToEnd(i, p, cost);
  }

  if (!s.startsWith('gc ')) return { kind: 'fail' };
  // Quick check: the runtime's literal tokens must all appear, in order, before the next
  // gctrace line starts (runtime prints do not interleave). Most broken text stops here.
  if (!skeletonBefore(s, gcStarts[0] ?? len)) {
    const canGrow = !final && gcStarts.length === 0 && newlines.length <= GAP_MAX_LINES * 2;
    return canGrow ? { kind: 'more' } : { kind: 'fail' };
  }
  // Where the run of number characters that starts at each position ends (digits for integers,
  // digits and points for times), and the digits not at a line start, for the number steps.
  const runEndInt = new Int32Array(len + 1);
  const runEndTime = new Int32Array(len + 1);
  runEndInt[len] = len;
  runEndTime[len] = len;
  let digitCount = 0;
  for (let k = len - 1; k >= 0; k--) {
    const c = s.charCodeAt(k);
    const digit = c >= 48 && c <= 57;
    runEndInt[k] = digit ? (runEndInt[k + 1] ?? len) : k;
    runEndTime[k] = digit || c === 46 ? (runEndTime[k + 1] ?? len) : k;
    if (digit && k > 0 && s.charCodeAt(k - 1) !== 10) digitCount++;
  }
  // Newlines before each position, and the first gctrace start and runtime word (index of its
  // pair in words) at or after it: what foreignCostUncached needs, in constant time.
  const nlBefore = new Int32Array(len + 1);
  for (let k = 0, n = 0; k < len; k++) {
    if (s.charCodeAt(k) === 10) n++;
    nlBefore[k + 1] = n;
  }
  const gcFrom = new Int32Array(len + 1);
  const wordFrom = new Int32Array(len + 1);
  for (let k = len, g = gcStarts.length, w = words.length / 2; k >= 0; k--) {
    while (g > 0 && (gcStarts[g - 1] ?? -1) >= k) g--;
    while (w > 0 && (words[(w - 1) * 2] ?? -1) >= k) w--;
    gcFrom[k] = gcStarts[g] ?? -1;
    wordFrom[k] = w;
  }
  const digitStarts: number[] = new Array<number>(digitCount);
  for (let k = 1, n = 0; k < len; k++) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57 && s.charCodeAt(k - 1) !== 10) digitStarts[n++] = k;
  }
  // Iterative deepening on cost: cheap readings are found with a tight bound first, so the
  // search rarely wanders through readings with many foreign segments.
  // Busy programs splice several lines into one gctrace line, so the cost allowed grows with
  // the number of lines held.
  const maxCost = Math.min(MAX_COST_CAP, MAX_COST + COST_PER_LINE * newlines.length);
  // Whether the first, cheapest pass found nothing complete while readings could go on past
  // the end: more text may still bring a cheaper reading.
  let firstPassOpen = false;
  for (let limit = FIRST_LIMIT; ; limit = Math.min(maxCost, limit * 2 - 2)) {
    complete.length = 0;
    incomplete = false;
    mayGoOn = false;
    blockerCost = Number.POSITIVE_INFINITY;
    nodes = totalNodes;
    seen.clear();
    bound = limit;
    dfs(1, 3, 0, 0);
    totalNodes = Math.min(nodes, nodeCap);
    ctx.nodesUsed = totalNodes;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const c of complete) bestCost = Math.min(bestCost, c.cost);
    if (limit === FIRST_LIMIT) {
      firstPassOpen = !final && complete.length === 0 && mayGoOn;
      // The dearer passes only look for a reading to confirm (see the end): a few nodes.
      if (firstPassOpen) nodeCap = Math.min(nodeCap, totalNodes + TENTATIVE_NODES);
    } else if (firstPassOpen && nodes >= nodeCap) {
      return { kind: 'more' };
    }
    // Nothing complete yet but a cheap reading runs into the end of the text: wait for more
    // text before searching expensive readings (unless the text is already long).
    if (complete.length === 0 && incomplete && !final && newlines.length <= GAP_MAX_LINES) break;
    // Done when the best reading and its rivals (EXPLORE_MARGIN) fit under this limit.
    if (bestCost + EXPLORE_MARGIN <= limit || limit >= maxCost) break;
    if (complete.length > 0) limit = Math.max(limit, (bestCost + EXPLORE_MARGIN + 2) / 2);
  }

  if (complete.length === 0) {
    // Even a dear reading that runs into the end may get cheaper with more text (the program
    // line it cuts may end in the next line), so any is a reason to wait.
    // A search cut short by its node budget proves nothing either.
    const cut = totalNodes >= nodeCap;
    return (firstPassOpen || mayGoOn || cut) && !final ? { kind: 'more' } : { kind: 'fail' };
  }
  let best = complete[0] as Path;
  for (const c of complete) if (c.cost < best.cost) best = c;
  // A dear reading that breaks the cycle numbering while the line may go on: wait for more
  // text (and, for a line spread over many, the shortest-path search, which also tries every
  // cut inside a run of digits: program `2689` + runtime `187`).
  if (!final && firstPassOpen && (best.vals[F.n] ?? 0) !== (prev ? prev.n + 1 : 1)) {
    return { kind: 'more' };
  }
  const outcome: SearchOutcome = {
    kind: 'ok',
    cycle: toCycle(best, complete, (p) => outputOf(p, s)),
    end: best.end,
    foreign: best.foreign,
  };
  if (!final && blockerCost <= best.cost) {
    let linesAfter = 0;
    for (let k = best.end; k < len; k++) if (s.charCodeAt(k) === 10) linesAfter++;
    if (linesAfter < FORCED_LOOKAHEAD_LINES) return { kind: 'more' };
  }
  // Readings dearer than one foreign write were searched although more text could still bring
  // a cheaper one: the caller confirms this one (with the shortest-path search) or waits.
  return firstPassOpen ? { kind: 'more', tentative: outcome } : outcome;
}

/** The program text a reading of s leaves: its foreign segments, then the text after it. */
function outputOf(p: Path, s: string): string {
  let out = '';
  for (let k = 0; k + 1 < p.foreign.length; k += 2) out += s.slice(p.foreign[k], p.foreign[k + 1]);
  return out + s.slice(p.end);
}

function toCycle(
  best: Path,
  all: Path[],
  output: (p: Path) => string,
): Omit<GcCycle, 'process' | 'periodic'> {
  const v = best.vals;
  const val = (f: number) => v[f] ?? 0;
  const cycle: Omit<GcCycle, 'process' | 'periodic'> = {
    n: val(F.n),
    atSeconds: val(F.at),
    cpuPercent: val(F.util),
    clockMs: [val(F.clock0), val(F.clock1), val(F.clock2)],
    cpuMs: [val(F.cpu0), val(F.cpu1), val(F.cpu2), val(F.cpu3), val(F.cpu4)],
    heapMiB: [val(F.heap0), val(F.heap1), val(F.heap2)],
    goalMiB: val(F.goal),
    stacksMiB: best.stacks ? val(F.stacks) : null,
    globalsMiB: best.stacks ? val(F.globals) : null,
    procs: val(F.procs),
    forced: best.forced,
    leakCheck: best.leak,
  };
  const rivals = all
    .filter((p) => p !== best && p.stacks === best.stacks)
    .sort((a, b) => a.cost - b.cost);
  const ambiguous: AmbiguousField[] = [];
  for (let f = 0; f < FIELD_COUNT; f++) {
    if (!best.stacks && (f === F.stacks || f === F.globals)) continue;
    const mine = val(f);
    const close = rivals.some(
      (p) => p.cost - best.cost < AMBIGUITY_MARGIN && (p.vals[f] ?? 0) !== mine,
    );
    if (!close) continue;
    const candidates = [mine];
    for (const p of rivals) {
      const x = p.vals[f] ?? 0;
      if (!candidates.includes(x)) candidates.push(x);
    }
    ambiguous.push({ field: FIELD_NAMES[f] ?? String(f), candidates });
  }
  if (ambiguous.length > 0) cycle.ambiguous = ambiguous;
  // As good a reading of the same cycle that leaves other program text.
  const mine = output(best);
  // Without the stacks/globals fields (Go ≤1.17) their slots hold whatever another reading
  // left there: not values of this one.
  const sameValues = (p: Path) =>
    p.forced === best.forced &&
    p.leak === best.leak &&
    p.vals.every(
      (x, f) => (!best.stacks && (f === F.stacks || f === F.globals)) || x === (best.vals[f] ?? 0),
    );
  // Up to the margin itself: the same runtime token on both sides of a program write
  // (`->` + `a\nb\n` + `->`) gives two cuts that differ by exactly one partial write's cost.
  if (
    rivals.some(
      (p) => p.cost - best.cost <= AMBIGUITY_MARGIN && sameValues(p) && output(p) !== mine,
    )
  ) {
    cycle.outputAmbiguous = true;
  }
  return cycle;
}
