/**
 * Property tests: random plausible cycles rendered as the runtime writes them (one write per
 * token), random program writes landing between any two runtime writes, random chunking.
 * Every cycle must come back (a field may differ only when the parser flagged it ambiguous and
 * listed the true value), and the program output must come back byte for byte unless a cycle
 * is marked (a value, or the cut of the output around it, undecided).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cycleWrites, type TraceFormat } from '../../../source/core/gctrace/render.js';
import { syntheticCycles } from '../../../source/core/gctrace/synthetic.js';
import type { GcCycle } from '../../../source/core/gctrace/types.js';
import {
  compareCycle,
  cyclesOf,
  normalize,
  outputOf,
  parseChunked,
  parseTrace,
} from './splice-helpers.js';

const two = (n: number) => String(n).padStart(2, '0');

const logLine = fc
  .tuple(fc.integer({ min: 0, max: 59 }), fc.nat(99999), fc.nat(999))
  .map(([s, n, us]) => `2026/11/25 17:08:${two(s)} request ${n} served in ${us}us\n`);
const jsonLine = fc
  .tuple(fc.nat(999), fc.nat(100000))
  .map(
    ([ms, n]) =>
      `{"time":"2026-11-25T17:08:30.${String(ms).padStart(3, '0')}Z","level":"INFO","msg":"served","n":${n}}\n`,
  );
const partialWrite = fc.constantFrom(
  'progress 45% ',
  'step=',
  '[worker 3] ',
  'loading...',
  'x',
  ' ',
  '->',
);
const multiLine = fc.constantFrom('a\nb\n', 'multi\nline\ntext\n', '\n', 'end of partial\n');
const digitLine = fc.nat(100000).map((n) => `${n} items done\n`);

/** What Go programs write to stderr: log dates, slog JSON, fmt partial writes, newlines. */
const programWrite = fc.oneof(logLine, jsonLine, partialWrite, multiLine, digitLine);
/** The same without digit-leading lines of a shape never seen before. */
const knownShapeWrite = fc.oneof(logLine, jsonLine, partialWrite, multiLine);

interface Session {
  /** Most spliced gaps inside one gctrace line. */
  maxGaps: number;
  cycles: GcCycle[];
  format: TraceFormat;
  inserts: [number, string][];
  chunks: number[];
}

function sessions(write: fc.Arbitrary<string>, maxGaps: number): fc.Arbitrary<Session> {
  return fc
    .record({
      count: fc.integer({ min: 1, max: 25 }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      format: fc.constantFrom<TraceFormat>('go1.17', 'go1.18', 'go1.26'),
      periodicAt: fc.nat(30),
      leakAt: fc.nat(30),
      inserts: fc.array(fc.tuple(fc.nat(100_000), write), { maxLength: 30 }),
      chunks: fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 8 }),
    })
    .map(({ count, seed, format, periodicAt, leakAt, inserts, chunks }) => {
      const cycles = syntheticCycles(count, { seed, go117: format === 'go1.17', forcedShare: 0.1 });
      for (const c of cycles) {
        if (c.n === periodicAt) c.periodic = true;
        if (c.n === leakAt && format === 'go1.26') c.leakCheck = true;
      }
      return { cycles, format, inserts, chunks, maxGaps };
    });
}

/** The stream the program's stderr would hold, and what the program itself wrote. */
function splice(s: Session): { text: string; output: string } {
  const writes = s.cycles.flatMap((c) => cycleWrites(c, s.format));
  // Which line each write belongs to, to keep at most maxGaps spliced gaps per line (the real
  // capture shows one; two needs two program writes within the microseconds of one line).
  const lineOf: number[] = [];
  let line = 0;
  for (const w of writes) {
    lineOf.push(line);
    if (w.endsWith('\n')) line++;
  }
  const at = new Map<number, string[]>();
  const gapsPerLine = new Map<number, number>();
  for (const [pos, w] of s.inserts) {
    const k = pos % (writes.length + 1);
    const l = lineOf[k] ?? -1;
    const inside = k > 0 && lineOf[k - 1] === l;
    // Known limit: text starting with a newline right after ` P` or ` (forced)` (before
    // ` (forced)` or the runtime's newline) makes the line look whole and clean, and the parser
    // does not hold clean lines back; the newlines then come out in another order.
    const endOfLine =
      writes[k] === ' (forced)' ||
      (writes[k] === '\n' && (writes[k - 1] === ' P' || writes[k - 1] === ' (forced)'));
    if (endOfLine && w.startsWith('\n') && !at.has(k)) continue;
    if (inside && !at.has(k)) {
      const g = gapsPerLine.get(l) ?? 0;
      if (g >= s.maxGaps) continue;
      gapsPerLine.set(l, g + 1);
    }
    at.set(k, [...(at.get(k) ?? []), w]);
  }
  let text = '';
  let output = '';
  for (let k = 0; k <= writes.length; k++) {
    for (const w of at.get(k) ?? []) {
      text += w;
      output += w;
    }
    text += writes[k] ?? '';
  }
  return { text, output };
}

function check(s: Session): void {
  const { text, output } = splice(s);
  const events = parseTrace(text);
  const got = cyclesOf(events);
  assert.equal(got.length, s.cycles.length, `cycle count\n${JSON.stringify(text)}`);
  const problems = got.flatMap((c, i) => compareCycle(c, s.cycles[i] as GcCycle));
  assert.deepEqual(problems, [], JSON.stringify(text));
  // Output exact unless a cycle is marked: a value undecided, or the cut of the program's text
  // around it (another reading as good, with the same values).
  if (got.every((c) => c.ambiguous === undefined && !c.outputAmbiguous)) {
    assert.equal(outputOf(events), output, JSON.stringify(text));
    assert.equal(
      events.filter((e) => e.type === 'gap' || e.type === 'process').length,
      0,
      'no gaps, one process',
    );
  }
  // Random chunking gives the same events.
  assert.deepEqual(normalize(parseChunked(text, s.chunks)), normalize(events));
}

describe('splice recovery (property)', () => {
  it('one spliced gap per line, any program write, any chunking (fixed seed)', () => {
    fc.assert(
      fc.property(sessions(programWrite, 1), (s) => check(s)),
      { numRuns: 300, seed: 20261125 },
    );
  });

  // CI runs fixed seeds, so a red run always reproduces; FC_SEED=<n> explores others.
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 1125;

  it(`one spliced gap per line, seed ${seed}`, () => {
    fc.assert(
      fc.property(sessions(programWrite, 1), (s) => check(s)),
      { numRuns: 100, seed },
    );
  });

  it(`two spliced gaps per line, program lines of known shape, seed ${seed}`, () => {
    fc.assert(
      fc.property(sessions(knownShapeWrite, 2), (s) => check(s)),
      { numRuns: 200, seed },
    );
  });

  // Seeds whose counterexamples were misreadings, fixed since: a literal taken greedily (1, 6),
  // a number inside a later program line (39), the line model trusted after one line (121),
  // the shortest-path search's cut taken unmarked (88), a tie on Go 1.17 lines (151).
  it('two spliced gaps per line, the seeds that found misreadings', () => {
    for (const past of [1, 6, 39, 88, 121, 151]) {
      fc.assert(
        fc.property(sessions(knownShapeWrite, 2), (s) => check(s)),
        { numRuns: 200, seed: past },
      );
    }
  });

  it('is exact for the two splices of the real Go 1.19 capture, reproduced', () => {
    const [a, b] = syntheticCycles(2, { seed: 9 });
    assert.ok(a && b);
    const s: Session = {
      cycles: [a, b],
      format: 'go1.18',
      inserts: [
        [1, '2026/11/25 17:08:29 request 120 served in 120us\n'],
        [38 + 31, '2026/11/25 17:08:30 request 16600 served in 968us\n'],
      ],
      chunks: [],
      maxGaps: 1,
    };
    check(s);
  });
});
