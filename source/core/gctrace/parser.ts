/**
 * Streaming, splice-tolerant gctrace parser.
 *
 * Input: the bytes of a Go program's stderr (as text), in chunks of any size.
 * Output: TraceEvents in the original order of the input:
 * - `output`: program text that is not gctrace, line endings as they came. Concatenating all
 *   output texts gives back exactly the non-gctrace text, in order.
 * - `cycle`: one GC cycle.
 * - `process`: numbering restarted (a cycle `gc 1`, or a number not above the previous one).
 *   The first process is 0 and gets no event.
 * - `gap`: cycle numbers missing between two cycles of one process (emitted before the cycle).
 *
 * Consumed runtime lines (neither cycles nor output): `GC forced` (marks the next cycle
 * `periodic`), gctrace=2 `scan: …` lines, and scavtrace `scav …` lines, when they are clean.
 *
 * Fast path: a line that starts with `gc ` and scans cleanly as the runtime's format becomes a
 * cycle straight away (hand-written charCodeAt scanner). Anything else that contains `gc ` is
 * held and handed to the splice search (splice-search.ts), one line at a time, until it either
 * reads as a gctrace line with foreign text at write boundaries, or cannot be one (then the
 * text is output). Output is delayed while a line is held; order is always kept. Results do
 * not depend on how the input was chunked.
 *
 * The parser never throws on any input.
 */
import { scanCleanLine, scanCleanLineToNewline, scannedLine } from './clean-line.js';
import { contextOf, ProgramLines } from './line-model.js';
import { SpliceDp } from './splice-dp.js';
import {
  GAP_MAX_BYTES,
  GAP_MAX_LINES,
  LineShapes,
  type SearchContext,
  type SearchOutcome,
  type SpliceReading,
  searchContext,
  searchSplicedLine,
  skeletonBefore,
  utilExplained,
} from './splice-search.js';
import { cycleRecord, type GcCycle, type TraceEvent } from './types.js';

/** Most text held while deciding whether a `gc ` starts a spliced gctrace line. */
const MAX_HELD_BYTES = 4 * GAP_MAX_BYTES;
const MAX_HELD_LINES = 8 * GAP_MAX_LINES;
/**
 * Splice-search budget: every byte of input earns NODES_PER_BYTE search steps (up to
 * MAX_BUDGET saved), and a search may spend what is saved (at least MIN_SEARCH_NODES). Real
 * captures splice rarely and get full searches; a flood of broken `gc ` text gets quick ones.
 */
const NODES_PER_BYTE = 0.25;
const MAX_BUDGET = 400_000;
const MIN_SEARCH_NODES = 100;
/**
 * Search budget a last-resort reading needs (it spends what it uses, like the other searches):
 * the real captures' needed 600–4,600 states; a flood of broken `gc ` text keeps the budget
 * low and gets none.
 */
const LAST_RESORT_MIN_BUDGET = 500;
/** A held line spread over more program lines than this goes to the shortest-path search. */
const HEAVY_LINES = 6;
/** Longest held text the shortest-path search takes. */
const DP_MAX_BYTES = MAX_HELD_BYTES;
/** Longest partial program line kept as the line context of a held `gc `. */
const MAX_LINE_TAIL = 256;
/** A line without a newline longer than this is handed out as output early. */
const LONG_PARTIAL_LINE = 64 * 1024;

const C_g = 103;
const C_c = 99;
const C_G = 71;
const C_s = 115;
const C_SP = 32;
const C_NL = 10;
const C_CR = 13;
const C_0 = 48;
const C_9 = 57;

let nextRegionSerial = 1;

export class GctraceParser {
  private buf = '';
  /** Whether buf[0] is at the start of a line. */
  private atLineStart = true;
  /** Start of a held `gc ` candidate in buf, or -1. */
  private heldStart = -1;
  /** End of the held text already evaluated. */
  private heldScan = 0;
  private process = 0;
  private seenCycle = false;
  private prev: GcCycle | null = null;
  private pendingPeriodic = false;
  private readonly shapes = new LineShapes();
  /** Shapes of whole program lines. */
  private readonly lines = new ProgramLines();
  /** The program's current partial output line (null: too long to matter). */
  private lineTail: string | null = '';
  /** Consecutive cycles whose goal followed from the previous live heap (GOGC=100). */
  private goalHits = 0;
  /** The shortest-path search, fed the held text as it grows; heldId it belongs to. */
  private readonly dp = new SpliceDp();
  private dpFor = -1;
  private heldId = 0;
  /** Unique across parsers: the depth-first search keeps per-region work between calls. */
  private regionSerial = 0;
  /** Lines of held text evaluated so far. */
  private heldLines = 0;
  private budget = 50_000;
  private ended = false;
  // Output being collected: buf[outStart, pos).
  private outStart = -1;
  private events: TraceEvent[] = [];
  // Cached next `gc ` index in buf (-2: unknown).
  private nextGc = -2;

  /** Feeds a chunk; returns the events it completes. */
  push(chunk: string): TraceEvent[] {
    if (this.ended || typeof chunk !== 'string' || chunk.length === 0) return [];
    try {
      this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
      return this.run(false);
    } catch {
      return this.recover();
    }
  }

  /** Ends the input: returns the remaining events, all held text included. */
  end(): TraceEvent[] {
    if (this.ended) return [];
    try {
      const out = this.run(true);
      this.ended = true;
      return out;
    } catch {
      this.ended = true;
      return this.recover();
    }
  }

  /** Last resort if a bug threw: hand everything unconsumed out as output. */
  private recover(): TraceEvent[] {
    const events = this.events;
    this.events = [];
    const rest = this.buf;
    this.buf = '';
    this.heldStart = -1;
    this.outStart = -1;
    if (rest.length > 0) events.push({ type: 'output', text: rest });
    return events;
  }

  private flushOutput(end: number): void {
    if (this.outStart !== -1 && end > this.outStart) {
      const text = this.buf.slice(this.outStart, end);
      this.events.push({ type: 'output', text });
      const nl = text.lastIndexOf('\n');
      if (nl !== -1) {
        this.lineTail = text.length - nl - 1 <= MAX_LINE_TAIL ? text.slice(nl + 1) : null;
      } else if (this.lineTail !== null) {
        this.lineTail =
          this.lineTail.length + text.length <= MAX_LINE_TAIL ? this.lineTail + text : null;
      }
    }
    this.outStart = -1;
  }

  private addOutput(start: number): void {
    if (this.outStart === -1) this.outStart = start;
  }

  private run(final: boolean): TraceEvent[] {
    const buf = this.buf;
    const len = buf.length;
    this.nextGc = -2;
    let pos = 0;
    let lineStart = this.atLineStart;
    if (this.heldStart !== -1) pos = this.heldStart;

    while (pos < len) {
      if (this.heldStart !== -1) {
        const r = this.resolveHeld(final);
        if (r === -1) break; // wait for more
        pos = r;
        lineStart = pos === 0 ? this.atLineStart : buf.charCodeAt(pos - 1) === C_NL;
        continue;
      }
      // A clean gctrace line (most of a gctrace log) is scanned without looking for its newline
      // first: the scanner finds it right after the line's last token.
      if (
        buf.charCodeAt(pos) === C_g &&
        buf.charCodeAt(pos + 1) === C_c &&
        buf.charCodeAt(pos + 2) === C_SP
      ) {
        let cycle = scanCleanLineToNewline(buf, pos);
        if (cycle !== null && this.cleanIsLikely(cycle)) {
          // A run of clean lines, each scanned right after the one before.
          this.flushOutput(pos);
          const from = pos;
          do {
            this.emitCycle(cycle);
            pos = scannedLine.lineEnd;
            cycle = scanCleanLineToNewline(buf, pos);
          } while (cycle !== null && this.cleanIsLikely(cycle));
          this.earn(pos - from);
          lineStart = true;
          continue;
        }
      }
      let nl = buf.indexOf('\n', pos);
      let lineEnd: number;
      if (nl === -1) {
        if (!final) {
          if (len - pos > LONG_PARTIAL_LINE) pos = this.emitLongPartial(pos, lineStart);
          break;
        }
        lineEnd = len;
        nl = len;
      } else {
        lineEnd = nl + 1;
      }
      const contentEnd = nl > pos && buf.charCodeAt(nl - 1) === C_CR ? nl - 1 : nl;
      const c0 = buf.charCodeAt(pos);
      if (c0 === C_g && buf.charCodeAt(pos + 1) === C_c && buf.charCodeAt(pos + 2) === C_SP) {
        pos = this.gcAt(pos, contentEnd, lineEnd);
        lineStart = pos === lineEnd;
        continue;
      }
      if (c0 === C_G && contentEnd - pos === 9 && buf.startsWith('GC forced', pos)) {
        this.flushOutput(pos);
        this.pendingPeriodic = true;
        this.earn(lineEnd - pos);
        pos = lineEnd;
        lineStart = true;
        continue;
      }
      if (c0 === C_s && lineStart && isScanOrScavLine(buf, pos, contentEnd)) {
        this.flushOutput(pos);
        this.earn(lineEnd - pos);
        pos = lineEnd;
        continue;
      }
      // Program output, unless a runtime line starts inside it after a partial write.
      let g = this.nextGc;
      if (g !== -1 && g < pos) {
        g = buf.indexOf('gc ', pos);
        this.nextGc = g;
      }
      if (g !== -1 && g < contentEnd) {
        this.addOutput(pos);
        pos = g;
        lineStart = false;
        continue;
      }
      if (contentEnd - pos > 9 && buf.startsWith('GC forced', contentEnd - 9)) {
        this.addOutput(pos);
        this.flushOutput(contentEnd - 9);
        this.pendingPeriodic = true;
        this.earn(lineEnd - pos);
        pos = lineEnd;
        lineStart = true;
        continue;
      }
      if (lineStart) {
        if (c0 >= C_0 && c0 <= C_9) this.shapes.learn(buf, pos);
        if (!this.shapes.linesFull) this.shapes.learnLine(buf, pos);
        if (!this.lines.saturated) this.lines.learn(buf, pos, contentEnd);
      }
      this.addOutput(pos);
      this.earn(lineEnd - pos);
      pos = lineEnd;
      lineStart = true;
    }

    if (final && this.heldStart === -1) pos = len;
    // Everything before the held candidate (or before the unfinished line) is decided.
    const keepFrom = this.heldStart !== -1 ? this.heldStart : pos;
    this.flushOutput(keepFrom);
    if (keepFrom > 0) {
      if (this.heldStart !== -1) {
        this.heldStart -= keepFrom;
        this.heldScan -= keepFrom;
      }
      this.atLineStart = buf.charCodeAt(keepFrom - 1) === C_NL;
      this.buf = keepFrom >= len ? '' : buf.slice(keepFrom);
    }
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Hands out most of a very long line without newline as output. */
  private emitLongPartial(pos: number, lineStart: boolean): number {
    const buf = this.buf;
    let g = buf.indexOf('gc ', pos);
    // A `gc ` this far from any newline is not the start of a gctrace line.
    if (g === pos && buf.length - pos > MAX_HELD_BYTES) g = buf.indexOf('gc ', pos + 3);
    if (lineStart) {
      const c0 = buf.charCodeAt(pos);
      if (c0 >= C_0 && c0 <= C_9) this.shapes.learn(buf, pos);
    }
    // Keep the last two characters: they may begin `gc `.
    let end = buf.length - 2;
    if (g !== -1 && g < end) end = g;
    if (end <= pos) return pos;
    this.addOutput(pos);
    this.flushOutput(end);
    return end;
  }

  /** A `gc ` at pos: clean line → cycle; otherwise hold it for the splice search. */
  private gcAt(pos: number, contentEnd: number, lineEnd: number): number {
    const cycle = scanCleanLine(this.buf, pos, contentEnd);
    if (cycle !== null && this.cleanIsLikely(cycle)) return this.takeClean(pos, cycle, lineEnd);
    this.flushOutput(pos);
    this.heldStart = pos;
    this.heldScan = pos;
    this.heldId++;
    this.regionSerial = nextRegionSerial++;
    this.heldLines = 0;
    return pos;
  }

  /**
   * Whether a line that reads as a whole cycle is taken as it reads. Its GOMAXPROCS is the
   * one number no later token checks: a program write ending in digits right before the
   * runtime's (`11504` + `2 P`, the program's line going on after the newline) reads as a
   * clean line with P 115042. A P other than the previous cycle's goes to the splice search
   * instead, which weighs that change against a spliced write.
   */
  private cleanIsLikely(c: GcCycle): boolean {
    const prev = this.prev;
    return prev === null || c.procs === prev.procs || c.n !== prev.n + 1;
  }

  /** A clean gctrace line at pos, ending at lineEnd, read as cycle: returns lineEnd. */
  private takeClean(pos: number, cycle: GcCycle, lineEnd: number): number {
    this.flushOutput(pos);
    this.emitCycle(cycle);
    this.earn(lineEnd - pos);
    return lineEnd;
  }

  /**
   * Runs the splice search on the held text, one more line at a time.
   * Returns the position to continue from, or -1 to wait for more input.
   */
  private resolveHeld(final: boolean): number {
    const buf = this.buf;
    const start = this.heldStart;
    for (;;) {
      const nl = buf.indexOf('\n', this.heldScan);
      let regionEnd: number;
      if (nl !== -1) regionEnd = nl + 1;
      else if (final)
        regionEnd = buf.length; // last look, with nothing more to come
      else {
        if (buf.length - start > MAX_HELD_BYTES) return this.heldFailed();
        return -1;
      }
      if (nl !== -1) this.heldLines++;
      this.heldScan = regionEnd;
      const isFinal = final && regionEnd === buf.length;
      const region = buf.slice(start, regionEnd);
      const ctx = searchContext({
        prev: this.prev,
        shapes: this.shapes,
        maxNodes: Math.max(MIN_SEARCH_NODES, this.budget),
        lines: this.lines,
        lineContext: contextOf(this.lines, this.lineTail),
        goalPred: this.goalPrediction(),
        regionId: this.regionSerial,
      });
      // Lines spliced across many program lines go to the shortest-path search straight away;
      // the depth-first search (exact ambiguity for a few splices) gets the others first.
      const lines = this.heldLines;
      const dpOk = region.length <= DP_MAX_BYTES && lines >= 2;
      const heavy = dpOk && lines > HEAVY_LINES;
      let r = heavy ? this.searchDp(region, isFinal, ctx) : searchSplicedLine(region, isFinal, ctx);
      if (!heavy) {
        const exhausted = (ctx.nodesUsed ?? 0) >= (ctx.maxNodes ?? 0);
        this.budget = Math.max(0, this.budget - (ctx.nodesUsed ?? 0));
        if (dpOk && (r.kind === 'fail' || (exhausted && r.kind === 'more'))) {
          r = this.searchDp(region, isFinal, ctx);
        } else if (dpOk && r.kind === 'more' && r.tentative) {
          // A reading of several foreign writes, while more text could still bring a cheaper
          // one: taken now if the shortest-path search reads the same cycle, else wait (the
          // shortest-path search decides once the line is spread over HEAVY_LINES).
          // If both read the same cycle but cut the program's text apart differently, the cut is
          // undecided: the depth-first reading is kept (exact for a few splices) and marked.
          r = confirmed(r.tentative, this.searchDp(region, isFinal, ctx));
        }
      }
      if (r.kind === 'ok') {
        const looked = this.utilSecondLook(region, isFinal, ctx, r);
        return this.takeReading(start, this.markSecondLook(region, isFinal, ctx, looked));
      }
      if (
        r.kind === 'fail' ||
        isFinal ||
        regionEnd - start > MAX_HELD_BYTES ||
        lines > MAX_HELD_LINES
      ) {
        const guess = region.length <= DP_MAX_BYTES ? this.lastResort(region, isFinal, ctx) : null;
        return guess ? this.takeReading(start, guess) : this.heldFailed();
      }
    }
  }

  /**
   * A reading whose `N%` was left undecided, with a higher candidate than the one taken: the
   * search charged that rise as if nothing explained it. When the cycle's own cpu times do
   * (a starved stop-the-world), the depth-first search looks again with the rise they explain
   * left uncharged, and its reading is taken if it reads the same cpu times. Else r.
   */
  private utilSecondLook(
    region: string,
    final: boolean,
    ctx: SearchContext,
    r: SpliceReading,
  ): SpliceReading {
    const c = r.cycle;
    const util = c.ambiguous?.find((a) => a.field === 'cpuPercent');
    if (!util?.candidates.some((v) => v > c.cpuPercent) || this.prev === null) return r;
    const explained = utilExplained(c);
    if (!(explained >= 1)) return r;
    const again = searchContext({ ...ctx, regionId: -1, utilExplained: explained });
    let second = searchSplicedLine(region, final, again);
    this.budget = Math.max(0, this.budget - (again.nodesUsed ?? 0));
    if (second.kind === 'more' && second.tentative && region.length <= DP_MAX_BYTES) {
      // As in resolveHeld: a reading of several foreign writes needs the shortest-path
      // search's confirmation, here with the same rise uncharged.
      this.dp.begin(again);
      this.dpFor = -1;
      second = confirmed(second.tentative, this.dp.search(region, final));
      this.budget = Math.max(0, this.budget - (again.nodesUsed ?? 0));
    }
    if (second.kind !== 'ok') return r;
    const s = second.cycle;
    const same =
      s.n === c.n &&
      s.atSeconds === c.atSeconds &&
      s.procs === c.procs &&
      s.cpuMs.every((v, k) => v === c.cpuMs[k]);
    return same ? second : r;
  }

  /**
   * A reading whose mark phase ran 10 ms or more with under 1 % of that in mark cpu (the
   * background workers alone run a quarter of GOMAXPROCS through it) most likely took program
   * digits into its wall time: `0.024+22` and a program's `2026/12/05 …` read as 22202 ms. The
   * shortest-path search, which reads lines spread over many program lines, has no term for
   * it; the depth-first search looks again, and its reading is taken if it is complete and
   * plausible there, for the same cycle.
   */
  private markSecondLook(
    region: string,
    final: boolean,
    ctx: SearchContext,
    r: SpliceReading,
  ): SpliceReading {
    const c = r.cycle;
    if (!markUnderClock(c)) return r;
    const again = searchContext({ ...ctx, regionId: -1 });
    const second = searchSplicedLine(region, final, again);
    this.budget = Math.max(0, this.budget - (again.nodesUsed ?? 0));
    // A reading that more text could still undercut is as good as the implausible one here:
    // the shortest-path search has decided on this text already.
    const reading =
      second.kind === 'ok' ? second : second.kind === 'more' ? second.tentative : null;
    const s = reading?.cycle;
    if (!reading || !s || markUnderClock(s) || s.n !== c.n || s.atSeconds !== c.atSeconds) return r;
    return reading;
  }

  /** A reading of the held text at start: its foreign text as output, then its cycle. */
  private takeReading(start: number, r: SpliceReading): number {
    const f = r.foreign;
    for (let k = 0; k + 1 < f.length; k += 2) {
      this.outStart = start + (f[k] ?? 0);
      this.flushOutput(start + (f[k + 1] ?? 0));
    }
    this.emitCycle(cycleRecord(r.cycle));
    this.heldStart = -1;
    this.earn(r.end);
    return start + r.end;
  }

  /**
   * Before a held line that has every literal of the runtime's line is given up as program
   * output (and its cycle lost): the shortest-path search once more, allowing readings dearer
   * than usual (many program writes inside the line). Taken only if its cycle number continues
   * the sequence, and marked `bestGuess`.
   */
  private lastResort(region: string, final: boolean, ctx: SearchContext): SpliceReading | null {
    // Most text held for a `gc ` is not a runtime line at all: no search for it.
    if (this.budget < LAST_RESORT_MIN_BUDGET || !skeletonBefore(region, region.length)) return null;
    this.dp.begin(ctx, true);
    this.dpFor = -1;
    const r = this.dp.search(region, final);
    this.budget = Math.max(0, this.budget - (ctx.nodesUsed ?? 0));
    if (r.kind !== 'ok') return null;
    const prev = this.prev;
    if (r.cycle.n !== (prev === null ? 1 : prev.n + 1)) return null;
    return { ...r, cycle: { ...r.cycle, bestGuess: true } };
  }

  /** The incremental shortest-path search over the held text (started for this hold once). */
  private searchDp(region: string, final: boolean, ctx: SearchContext) {
    if (this.dpFor !== this.heldId) {
      this.dp.begin(ctx);
      this.dpFor = this.heldId;
    }
    return this.dp.search(region, final);
  }

  /** The goal the next cycle should have, if goals have followed the live heap lately. */
  private goalPrediction(): number | null {
    const p = this.prev;
    if (p === null || this.goalHits < 2) return null;
    return Math.max(4, 2 * p.heapMiB[2] + (p.stacksMiB ?? 0) + (p.globalsMiB ?? 0));
  }

  private earn(bytes: number): void {
    this.budget = Math.min(MAX_BUDGET, this.budget + bytes * NODES_PER_BYTE);
  }

  /** The held `gc ` was program output after all: hand it out and go on after it. */
  private heldFailed(): number {
    const start = this.heldStart;
    this.heldStart = -1;
    this.addOutput(start);
    return start + 3;
  }

  private emitCycle(c: GcCycle): void {
    // Output before the cycle must already be flushed by the caller.
    this.outStart = -1;
    const prev = this.prev;
    if (this.seenCycle && prev !== null && (c.n === 1 || c.n <= prev.n)) {
      this.process++;
      this.events.push({ type: 'process', process: this.process });
    } else if (prev !== null && c.n > prev.n + 1) {
      this.events.push({ type: 'gap', from: prev.n + 1, to: c.n - 1, process: this.process });
    }
    if (prev !== null && c.n === prev.n + 1) {
      const pred = Math.max(4, 2 * prev.heapMiB[2] + (c.stacksMiB ?? 0) + (c.globalsMiB ?? 0));
      this.goalHits = c.goalMiB >= pred - 1 && c.goalMiB <= pred + 2 ? this.goalHits + 1 : 0;
    } else {
      this.goalHits = 0;
    }
    c.process = this.process;
    c.periodic = this.pendingPeriodic;
    this.pendingPeriodic = false;
    this.seenCycle = true;
    this.prev = c;
    this.events.push({ type: 'cycle', cycle: c });
  }
}

const SCAV =
  /^scav \d+ KiB work(?: \(bg\), \d+ KiB work \(eager\))?, \d+ KiB (?:now|total), \d+% util(?: \(forced\)| \[controller reset\])?$/;
const SCAN =
  /^scan: (?:total|class (?:L|\d+B)) \d+(?:\+\d+\+\d+=\d+)? objs(?:, \d+\+\d+=\d+ spans)?$/;

/** A clean `scav …` (scavtrace) or `scan: …` (gctrace=2, Go 1.25+) line. */
function isScanOrScavLine(s: string, start: number, end: number): boolean {
  if (end - start > 200) return false;
  if (s.startsWith('scav ', start)) return SCAV.test(s.slice(start, end));
  if (s.startsWith('scan: ', start)) return SCAN.test(s.slice(start, end));
  return false;
}

/** Mark phase of 10 ms or more with under 1 % of it in mark cpu (assist + background + idle). */
function markUnderClock(c: Pick<GcCycle, 'clockMs' | 'cpuMs'>): boolean {
  const clock = c.clockMs[1] ?? 0;
  const mark = (c.cpuMs[1] ?? 0) + (c.cpuMs[2] ?? 0) + (c.cpuMs[3] ?? 0);
  return clock >= 10 && mark * 100 < clock;
}

/**
 * A depth-first reading of several foreign writes, taken if the shortest-path search reads the
 * same cycle; marked where the two differ, and outputAmbiguous if they cut the program's text
 * apart differently. Else wait for more text.
 */
function confirmed(tentative: SpliceReading, dp: SearchOutcome): SearchOutcome {
  if (dp.kind !== 'ok' || !sameReading(dp, tentative)) return { kind: 'more' };
  if (sameCut(dp, tentative)) return withBothMarks(dp, tentative);
  const both = withBothMarks(tentative, dp);
  return { ...both, cycle: { ...both.cycle, outputAmbiguous: true } };
}

/** Whether two readings give the same cycle, ending at the same place. */
function sameReading(a: SpliceReading, b: SpliceReading): boolean {
  if (a.end !== b.end) return false;
  const x = a.cycle;
  const y = b.cycle;
  return (
    x.n === y.n &&
    x.atSeconds === y.atSeconds &&
    x.cpuPercent === y.cpuPercent &&
    x.clockMs.every((v, k) => v === y.clockMs[k]) &&
    x.cpuMs.every((v, k) => v === y.cpuMs[k]) &&
    x.heapMiB.every((v, k) => v === y.heapMiB[k]) &&
    x.goalMiB === y.goalMiB &&
    x.stacksMiB === y.stacksMiB &&
    x.globalsMiB === y.globalsMiB &&
    x.procs === y.procs &&
    x.forced === y.forced &&
    x.leakCheck === y.leakCheck
  );
}

/** Whether two readings take the same foreign segments. */
function sameCut(a: SpliceReading, b: SpliceReading): boolean {
  return a.foreign.length === b.foreign.length && a.foreign.every((x, k) => x === b.foreign[k]);
}

/** Reading a, with the ambiguity marks of both readings (candidates of a first). */
function withBothMarks(a: SpliceReading, b: SpliceReading): SpliceReading {
  if (b.cycle.outputAmbiguous && !a.cycle.outputAmbiguous) {
    a = { ...a, cycle: { ...a.cycle, outputAmbiguous: true } };
  }
  const marks = b.cycle.ambiguous;
  if (marks === undefined) return a;
  const merged = (a.cycle.ambiguous ?? []).map((m) => ({ ...m, candidates: [...m.candidates] }));
  for (const m of marks) {
    const into = merged.find((x) => x.field === m.field);
    if (into === undefined) merged.push({ ...m, candidates: [...m.candidates] });
    else for (const v of m.candidates) if (!into.candidates.includes(v)) into.candidates.push(v);
  }
  return { ...a, cycle: { ...a.cycle, ambiguous: merged } };
}

/** Parses a whole text at once. */
export function parseTrace(text: string): TraceEvent[] {
  const p = new GctraceParser();
  const events = p.push(text);
  for (const e of p.end()) events.push(e);
  return events;
}
