/**
 * scanCleanLine (the parser's fast path) against an independent reference: the line grammar as
 * one regular expression, every number checked with number-format.ts's runtimeNumberValue.
 * The fast path must return exactly the reference's cycle, or null exactly when the reference
 * says the runtime could not have printed the line. Property tests run on fixed seeds.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  MAX_LINE_LENGTH,
  scanCleanLine,
  scanCleanLineToNewline,
  scannedLine,
} from '../../../source/core/gctrace/clean-line.js';
import {
  formatNsAsMs,
  NumberKind,
  parseRuntimeMs,
  runtimeNumberValue,
} from '../../../source/core/gctrace/number-format.js';
import { parseTrace } from '../../../source/core/gctrace/parser.js';
import { renderCycle, type TraceFormat } from '../../../source/core/gctrace/render.js';
import { syntheticCycles } from '../../../source/core/gctrace/synthetic.js';
import type { GcCycle } from '../../../source/core/gctrace/types.js';

const SEED = 20261125;
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gctrace');

const N = '([0-9.]+)';
const GRAMMAR = new RegExp(
  `^gc ${N} @${N}s ${N}%( \\(checking for goroutine leaks\\))?: ${N}\\+${N}\\+${N} ms clock, ` +
    `${N}\\+${N}/${N}/${N}\\+${N} ms cpu, ${N}->${N}->${N} MB, ${N} MB goal, ` +
    `(?:${N} MB stacks, ${N} MB globals, )?${N} P( \\(forced\\))?$`,
);

/** The cycle the runtime printed as exactly `line`, or null if it could not have printed it. */
function reference(line: string): GcCycle | null {
  const m = GRAMMAR.exec(line);
  if (m === null) return null;
  let ok = true;
  const num = (k: number, kind: NumberKind): number => {
    const text = m[k] ?? '';
    const v = runtimeNumberValue(text, 0, text.length, kind);
    if (v < 0) ok = false;
    return v;
  };
  const I = NumberKind.integer;
  const MS = NumberKind.millis;
  const stacks = m[17] === undefined ? null : num(17, I);
  const cycle: GcCycle = {
    n: num(1, I),
    atSeconds: num(2, NumberKind.seconds),
    cpuPercent: num(3, NumberKind.percent),
    clockMs: [num(5, MS), num(6, MS), num(7, MS)],
    cpuMs: [num(8, MS), num(9, MS), num(10, MS), num(11, MS), num(12, MS)],
    heapMiB: [num(13, I), num(14, I), num(15, I)],
    goalMiB: num(16, I),
    stacksMiB: stacks,
    globalsMiB: m[18] === undefined ? null : num(18, I),
    procs: num(19, I),
    forced: m[20] !== undefined,
    periodic: false,
    leakCheck: m[4] !== undefined,
    process: 0,
  };
  return ok ? cycle : null;
}

/** The line a cycle prints as, without its newline. */
function lineOf(cycle: GcCycle, format: TraceFormat): string {
  return renderCycle(cycle, format).slice(0, -1);
}

function scan(line: string): GcCycle | null {
  return scanCleanLine(line, 0, line.length);
}

/** Text around a line in the same string: the scanner must look only at [start, end). */
const CONTEXTS: [string, string][] = [
  ['', ''],
  ['', '\n'],
  ['x\n', '\r\n'],
  ['gc 1 @0.000s 0%: \n', '0'],
  ['7', '5 P'],
  ['\n', ' (forced)'],
  ['é\n', '\nmore output €\n'],
  ['', '\u0130'],
  ['0'.repeat(20_000), '1'.repeat(20_000)],
];

/**
 * What scanCleanLineToNewline must give for text starting at a `gc `: the reference's reading of
 * everything up to the first newline (a CR before it is the line ending's), with where that
 * line's content and the line end; null without a newline.
 */
function toNewlineReference(rest: string) {
  const k = rest.indexOf('\n');
  if (k < 0) return null;
  const content = k > 0 && rest[k - 1] === '\r' ? rest.slice(0, k - 1) : rest.slice(0, k);
  const cycle = reference(content);
  return cycle && { cycle, contentEnd: content.length, lineEnd: k + 1 };
}

/** scanCleanLineToNewline at s[start] against toNewlineReference. */
function checkToNewline(s: string, start: number, label: string): void {
  const want = toNewlineReference(s.slice(start));
  assert.deepEqual(scanCleanLineToNewline(s, start), want?.cycle ?? null, label);
  if (want !== null) {
    assert.deepEqual(
      [scannedLine.contentEnd, scannedLine.lineEnd],
      [start + want.contentEnd, start + want.lineEnd],
      label,
    );
  }
}

/** Compares the scanner with the reference for `line`, alone and inside other text. */
function checkLine(line: string, contexts: [string, string][] = CONTEXTS): void {
  const want = reference(line);
  assert.deepEqual(scan(line), want, JSON.stringify(line));
  for (const [before, after] of contexts) {
    const s = before + line + after;
    const label = JSON.stringify([before.slice(0, 20), line, after.slice(0, 20)]);
    assert.deepEqual(scanCleanLine(s, before.length, before.length + line.length), want, label);
    checkToNewline(s, before.length, label);
  }
}

const realLines = readFileSync(path.join(fixtures, 'spliced-log-go119.log'), 'utf8')
  .split('\n')
  .filter((l) => reference(l) !== null);

/** A few lines covering every format, every clock shape, and the extremes. */
function sampleLines(): string[] {
  const cycles = syntheticCycles(400, { seed: 3, procs: 12, forcedShare: 0.2 });
  const withShapes = cycles.find((c) =>
    [...c.clockMs, ...c.cpuMs].some((v) => v >= 10 && [...c.clockMs, ...c.cpuMs].includes(0)),
  );
  const base = cycles[17] as GcCycle;
  const old = syntheticCycles(5, { seed: 9, go117: true })[4] as GcCycle;
  return [
    realLines[0] ?? '',
    realLines[realLines.length - 1] ?? '',
    lineOf({ ...base, forced: true }, 'go1.18'),
    lineOf({ ...base, leakCheck: true, cpuPercent: 100 }, 'go1.26'),
    lineOf(old, 'go1.17'),
    lineOf({ ...old, forced: true, leakCheck: true }, 'go1.26'),
    lineOf(withShapes ?? base, 'go1.26'),
    'gc 0 @0.000s 0%: 0+0+0 ms clock, 0+0/0/0+0 ms cpu, 0->0->0 MB, 0 MB goal, 0 P',
    'gc 99 @1234.567s 100%: 0.001+0.099+0.10 ms clock, 0.99+1.0/9.9/10+12345678901234567890 ms cpu, ' +
      '10->200->3000 MB, 40000 MB goal, 500000 MB stacks, 6000000 MB globals, 70000000 P (forced)',
  ];
}

/** Characters to insert or substitute: the grammar's own, line endings, and non-ASCII. */
const ALPHABET = [
  ...'0123456789.+/->%:@sMBPgc() x',
  '\r',
  '\n',
  '\t',
  '\0',
  'é',
  '\u0120', // low byte is a space
  '\u0130', // low byte is `0`
  '\u012e', // low byte is `.`
  '\u0167', // low byte is `g`
  '\uff10', // fullwidth 0
  '\ud800', // lone surrogate
];

/** The lines joined by newlines, program output `out(k)` before line k; where each line is. */
function withOutput(
  lines: readonly string[],
  out: (k: number) => string,
): { text: string; where: [number, number][] } {
  const parts: string[] = [];
  const where: [number, number][] = [];
  let at = 0;
  lines.forEach((line, k) => {
    const before = out(k);
    parts.push(before, line, '\n');
    at += before.length;
    where.push([at, at + line.length]);
    at += line.length + 1;
  });
  return { text: parts.join(''), where };
}

describe('scanCleanLine', () => {
  it('the reference itself reads rendered cycles back', () => {
    const c = syntheticCycles(50, { seed: 1 });
    for (const cycle of c) assert.deepEqual(reference(lineOf(cycle, 'go1.26')), cycle);
  });

  it('returns exactly the cycle for synthetic cycles in every format (fixed seed)', () => {
    const formats: TraceFormat[] = ['go1.17', 'go1.18', 'go1.26'];
    fc.assert(
      fc.property(
        fc.record({
          count: fc.integer({ min: 1, max: 60 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          procs: fc.integer({ min: 1, max: 512 }),
          format: fc.constantFrom(...formats),
          forcedShare: fc.double({ min: 0, max: 1, noNaN: true }),
          leak: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        }),
        ({ count, seed, procs, format, forcedShare, leak }) => {
          const cycles = syntheticCycles(count, {
            seed,
            procs,
            forcedShare,
            go117: format === 'go1.17',
          });
          // One string, as the parser scans it: every line in order, then each one alone.
          const lines = cycles.map((c, k) => {
            if (format === 'go1.26') c.leakCheck = leak[k] ?? false;
            return lineOf(c, format);
          });
          const text = `${lines.join('\n')}\n`;
          let at = 0;
          for (const [k, line] of lines.entries()) {
            assert.deepEqual(scanCleanLine(text, at, at + line.length), cycles[k], line);
            assert.deepEqual(scanCleanLineToNewline(text, at), cycles[k], line);
            assert.equal(scannedLine.lineEnd, at + line.length + 1, line);
            at += line.length + 1;
          }
          for (const [k, line] of lines.entries()) {
            assert.deepEqual(scan(line), cycles[k], line);
            assert.deepEqual(reference(line), cycles[k], line);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('reads arbitrary printable values exactly, up to the largest safe integers (fixed seed)', () => {
    const int = fc.oneof(fc.nat(1000), fc.maxSafeNat());
    const ms = fc
      .oneof(fc.nat(20_000_000), fc.nat(1e15), fc.constant(0))
      .map((ns) => parseRuntimeMs(formatNsAsMs(ns)));
    fc.assert(
      fc.property(
        fc.record({
          n: int,
          atMs: fc.oneof(fc.nat(100_000), fc.nat(1e12)),
          util: fc.nat(100),
          clock: fc.tuple(ms, ms, ms),
          cpu: fc.tuple(ms, ms, ms, ms, ms),
          heap: fc.tuple(int, int, int),
          goal: int,
          stacks: int,
          globals: int,
          procs: int,
          forced: fc.boolean(),
          leak: fc.boolean(),
          format: fc.constantFrom<TraceFormat>('go1.17', 'go1.18', 'go1.26'),
        }),
        (r) => {
          const old = r.format === 'go1.17';
          const cycle: GcCycle = {
            n: r.n,
            atSeconds: r.atMs / 1000,
            cpuPercent: r.util,
            clockMs: r.clock,
            cpuMs: r.cpu,
            heapMiB: r.heap,
            goalMiB: r.goal,
            stacksMiB: old ? null : r.stacks,
            globalsMiB: old ? null : r.globals,
            procs: r.procs,
            forced: r.forced,
            periodic: false,
            leakCheck: r.format === 'go1.26' && r.leak,
            process: 0,
          };
          const line = lineOf(cycle, r.format);
          assert.deepEqual(scan(line), cycle, line);
          assert.deepEqual(reference(line), cycle, line);
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('accepts or rejects each number exactly as number-format.ts does', () => {
    const line = (
      n: string,
      at: string,
      util: string,
      clock: string,
      heap: string,
      procs: string,
    ): string =>
      `gc ${n} @${at}s ${util}%: 0.010+${clock}+0.005 ms clock, 0.080+0.20/1.5/0+0.040 ms cpu, ` +
      `${heap}->5->3 MB, 8 MB goal, 0 MB stacks, 1 MB globals, ${procs} P`;
    const ok = (s: string) => ({ s, ok: true });
    const bad = (s: string) => ({ s, ok: false });
    const cases = {
      n: [
        ok('1'),
        ok('0'),
        ok('12345678901234567890'),
        bad('123456789012345678901'),
        bad('01'),
        bad('00'),
        bad('1.0'),
        bad(''),
      ],
      at: [
        ok('0.000'),
        ok('12.345'),
        ok('1234567890123456.789'),
        bad('12345678901234567.890'),
        bad('00.001'),
        bad('01.001'),
        bad('1.23'),
        bad('1.2345'),
        bad('.123'),
        bad('1'),
        bad('1.2.3'),
      ],
      util: [ok('0'), ok('9'), ok('100'), bad('101'), bad('1000'), bad('05'), bad('00'), bad('')],
      clock: [
        ok('0'),
        ok('0.001'),
        ok('0.010'),
        ok('0.099'),
        ok('0.10'),
        ok('0.99'),
        ok('1.0'),
        ok('9.9'),
        ok('10'),
        ok('99999999999999999999'),
        bad('999999999999999999999'),
        bad('00'),
        bad('08'),
        bad('4.62'),
        bad('0.4'),
        bad('0.0'),
        bad('0.00'),
        bad('0.000'),
        bad('0.0001'),
        bad('0.0010'),
        bad('0.100'),
        bad('2'),
        bad('10.0'),
        bad('12.5'),
        bad('.5'),
        bad('5.'),
        bad('0.'),
        bad('1e3'),
        bad(''),
      ],
      heap: [
        ok('0'),
        ok('7'),
        ok('10'),
        ok('99999999999999999999'),
        bad('999999999999999999999'),
        bad('07'),
        bad('1.5'),
        bad(''),
      ],
      procs: [
        ok('1'),
        ok('256'),
        ok('10000000000000000000'),
        bad('100000000000000000000'),
        bad('0256'),
        bad(''),
      ],
    };
    const base = ['12', '3.456', '7', '1.2', '4', '8'];
    Object.values(cases).forEach((list, field) => {
      for (const { s, ok: valid } of list) {
        const args = [...base];
        args[field] = s;
        const text = line(...(args as [string, string, string, string, string, string]));
        assert.equal(reference(text) !== null, valid, `reference: ${text}`);
        checkLine(text);
      }
    });
  });

  it('agrees with the reference on every single-character edit of real and sample lines', () => {
    for (const line of sampleLines()) {
      assert.notEqual(reference(line), null, line);
      checkLine(line);
      for (let k = 0; k <= line.length; k++) {
        const head = line.slice(0, k);
        if (k < line.length) checkLine(head + line.slice(k + 1), CONTEXTS.slice(k % 3, 5));
        for (const ch of ALPHABET) {
          checkLine(head + ch + line.slice(k), [CONTEXTS[k % CONTEXTS.length] ?? ['', '']]);
          if (k < line.length) {
            checkLine(head + ch + line.slice(k + 1), [
              CONTEXTS[(k + 3) % CONTEXTS.length] ?? ['', ''],
            ]);
          }
        }
      }
    }
  });

  it('agrees with the reference on every truncation and on trailing garbage', () => {
    for (const line of sampleLines()) {
      for (let k = 0; k < line.length; k++) checkLine(line.slice(0, k));
      for (const tail of [' ', 'x', '0', ' P', ' (forced)', ' (forced) ', '\r', ' (forced', '.']) {
        checkLine(line + tail);
      }
    }
  });

  it('agrees with the reference when numbers are replaced by any digits and points (fixed seed)', () => {
    const token = fc.string({
      unit: fc.constantFrom(...'0123456789.'),
      minLength: 0,
      maxLength: 7,
    });
    const sample = sampleLines();
    fc.assert(
      fc.property(
        fc.nat(sample.length - 1),
        fc.array(fc.tuple(fc.nat(19), token), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          const parts = (sample[which] ?? '').split(/([0-9.]+)/);
          for (const [field, text] of edits) {
            const k = 2 * (field % Math.floor(parts.length / 2)) + 1;
            parts[k] = text;
          }
          checkLine(parts.join(''), [CONTEXTS[which % CONTEXTS.length] ?? ['', '']]);
        },
      ),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it('takes the longest printable line and nothing longer', () => {
    const d20 = '12345678901234567890';
    const ms = '98765432109876543210';
    const line =
      `gc ${d20} @1234567890123456.789s 100% (checking for goroutine leaks): ` +
      `${ms}+${ms}+${ms} ms clock, ${ms}+${ms}/${ms}/${ms}+${ms} ms cpu, ` +
      `${d20}->${d20}->${d20} MB, ${d20} MB goal, ${d20} MB stacks, ${d20} MB globals, ${d20} P (forced)`;
    assert.equal(line.length, MAX_LINE_LENGTH);
    const cycle = scan(line);
    assert.notEqual(cycle, null);
    assert.deepEqual(cycle, reference(line));
    assert.equal(cycle?.n, runtimeNumberValue(d20, 0, 20, NumberKind.integer));
    checkLine(line.replace('@1', '@12'));
    checkLine(line.replace(' P', '1 P'));
  });

  it('reuses its copy of the text only for the same text', async () => {
    const cycles = syntheticCycles(300, { seed: 11 });
    const lines = cycles.map((c) => lineOf(c, 'go1.26'));
    // Program output between the lines, some of it not ASCII.
    const { text, where } = withOutput(lines, (k) =>
      k % 7 === 3 ? 'naïve output ✓\n' : k % 5 === 0 ? '2026/11/25 ok\n' : '',
    );
    const order = [...where.keys()];
    for (let k = order.length - 1; k > 0; k--) {
      const j = (k * 7919) % (k + 1);
      [order[k], order[j]] = [order[j] ?? 0, order[k] ?? 0];
    }
    for (const k of [...where.keys(), ...order]) {
      const [s, e] = where[k] ?? [0, 0];
      assert.deepEqual(scanCleanLine(text, s, e), cycles[k]);
    }
    // Same length, different text, same positions: must not answer from the old copy.
    const other = text.replaceAll('MB goal', 'MB g0al');
    assert.equal(other.length, text.length);
    const [s0, e0] = where[0] ?? [0, 0];
    assert.deepEqual(scanCleanLine(text, s0, e0), cycles[0]);
    assert.equal(scanCleanLine(other, s0, e0), null);
    assert.deepEqual(scanCleanLine(text, s0, e0), cycles[0]);
    // Equal text in another string.
    const copy = [...text].join('');
    assert.deepEqual(scanCleanLine(copy, s0, e0), cycles[0]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(scanCleanLine(text, s0, e0), cycles[0]);
  });

  it('text with non-ASCII characters every few lines: each line read as if alone', () => {
    const cycles = syntheticCycles(400, { seed: 12 });
    // Lines k % 9 === 4 get a non-ASCII character inside (they are not gctrace lines).
    const spoil = (k: number) => k % 9 === 4;
    const lines = cycles.map((c, k) => {
      const line = lineOf(c, 'go1.26');
      return spoil(k) ? line.replace(' MB goal', ' MB góal') : line;
    });
    const { text, where } = withOutput(lines, (k) =>
      k % 3 === 0 ? `request ${k} served in ${k}µs\n` : k % 4 === 1 ? 'queue 3 → 4\n' : '',
    );
    const expected = (k: number) => (spoil(k) ? null : cycles[k]);
    const backwards = [...where.keys()].reverse();
    const shuffled = [...where.keys()].map((k) => (k * 7919) % where.length);
    for (const order of [[...where.keys()], backwards, shuffled]) {
      for (const k of order) {
        const [s, e] = where[k] ?? [0, 0];
        assert.deepEqual(scanCleanLine(text, s, e), expected(k), `line ${k}`);
        const toNewline = scanCleanLineToNewline(text, s);
        assert.deepEqual(toNewline, expected(k), `line ${k} to its newline`);
        if (toNewline !== null) assert.equal(scannedLine.contentEnd, e);
      }
    }
    // The same length with the non-ASCII characters elsewhere: no answer from the old text.
    const moved = text
      .replaceAll('µs', 'us')
      .replaceAll(' MB goal', ' MB göal')
      .replaceAll(' MB góal', ' MB goal');
    assert.equal(moved.length, text.length);
    for (const k of [0, 1, 2, 3, 4, 13, 399]) {
      const [s, e] = where[k] ?? [0, 0];
      assert.deepEqual(scanCleanLine(text, s, e), expected(k));
      assert.deepEqual(scanCleanLine(moved, s, e), spoil(k) ? cycles[k] : null, `moved, line ${k}`);
    }
  });

  it('never throws and never accepts a range that is not a whole line (fixed seed)', () => {
    const line = sampleLines()[2] ?? '';
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.oneof(fc.integer({ min: -5, max: 400 }), fc.double()),
        fc.oneof(fc.integer({ min: -5, max: 400 }), fc.double()),
        fc.boolean(),
        (noise, a, b, withLine) => {
          const s = withLine ? noise.slice(0, 50) + line + noise : noise;
          const r = scanCleanLine(s, a, b);
          assert.equal(scanCleanLine(`${line}x`, 0.5, line.length + 0.5), null);
          if (r !== null) {
            assert.ok(Number.isInteger(a) && a >= 0 && b <= s.length);
            assert.deepEqual(r, reference(s.slice(a, b)));
          }
        },
      ),
      { seed: SEED, numRuns: 5000 },
    );
  });

  it('the slow path finds no clean cycle in lines the fast path rejects', () => {
    for (const line of sampleLines().slice(0, 4)) {
      for (let k = 0; k < line.length; k += 2) {
        for (const edited of [
          line.slice(0, k) + line.slice(k + 1),
          `${line.slice(0, k)}0${line.slice(k)}`,
          `${line.slice(0, k)}.${line.slice(k + 1)}`,
        ]) {
          const events = parseTrace(`${edited}\n`);
          const clean = events.length === 1 && events[0]?.type === 'cycle';
          const want = reference(edited);
          assert.equal(clean, want !== null, edited);
          if (want !== null) assert.deepEqual(events[0], { type: 'cycle', cycle: want });
        }
      }
    }
  });
});
