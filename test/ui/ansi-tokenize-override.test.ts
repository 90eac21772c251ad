/**
 * package.json overrides Ink's @alcalzone/ansi-tokenize with packages/ansi-tokenize-fast, which
 * takes fast paths for what a dashboard draws and hands everything else to the original
 * (bench/ansi-tokenize.bench.ts has the gain). Ink uses three of its functions to build every
 * frame; each must give exactly what the original gives, on real frames and on any text.
 */
import '../helpers/ink-test-env.js';
import './force-color.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import * as fast from '@alcalzone/ansi-tokenize';
import * as original from 'ansi-tokenize-original';
import fc from 'fast-check';
import { sampleFramesAt } from './sample-frame.js';

/** tokenize → styled chars → string through both packages; both results of each step. */
function bothWays(line: string, endChar?: number) {
  const tokens = [fast.tokenize(line, endChar), original.tokenize(line, endChar)] as const;
  const chars = [
    fast.styledCharsFromTokens(tokens[0]),
    original.styledCharsFromTokens(tokens[1]),
  ] as const;
  // Ink hands styledCharsToString characters from several lines and its own blank cells
  // (styles: [] each); the original's own styled chars have a fresh style list per character.
  const strings = [
    fast.styledCharsToString(chars[0]),
    original.styledCharsToString(chars[1]),
    fast.styledCharsToString(chars[1]),
  ] as const;
  return { tokens, chars, strings };
}

function assertSame(line: string, endChar?: number): void {
  const { tokens, chars, strings } = bothWays(line, endChar);
  const what = JSON.stringify(line);
  assert.deepEqual(tokens[0], tokens[1], `tokens of ${what}`);
  assert.deepEqual(chars[0], chars[1], `styled chars of ${what}`);
  assert.equal(strings[0], strings[1], `string of ${what}`);
  assert.equal(strings[2], strings[1], `string of the original's styled chars of ${what}`);
}

test("Ink's ansi-tokenize is gcdiff's (the override is in effect), over the original", () => {
  const fromInk = createRequire(createRequire(import.meta.url).resolve('ink'));
  const entry = fromInk.resolve('@alcalzone/ansi-tokenize');
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), 'package.json'), 'utf8')) as {
    name: string;
  };
  assert.equal(pkg.name, 'ansi-tokenize-fast');
  assert.ok('SIMPLE_RANGES_FOR_TESTS' in fast, 'the test imports the stand-in too');
  assert.notEqual(fast.tokenize, original.tokenize);
  // Everything else is the original's own.
  assert.equal(fast.diffAnsiCodes, original.diffAnsiCodes);
  assert.equal(fast.reduceAnsiCodes, original.reduceAnsiCodes);
});

test('every character of the fast path is one narrow character to the original, alone and between others', () => {
  const ranges = fast.SIMPLE_RANGES_FOR_TESTS;
  let checked = 0;
  for (const [from, to] of ranges) {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCharCode(c);
      const tokens = original.tokenize(`a${ch}${ch}b`);
      assert.deepEqual(
        tokens.map((t) => (t.type === 'char' ? [t.value, t.fullWidth] : t.type)),
        [
          ['a', false],
          [ch, false],
          [ch, false],
          ['b', false],
        ],
        `U+${c.toString(16)}`,
      );
      assertSame(`\u001b[36m${ch}a${ch}\u001b[39m`);
      checked++;
    }
  }
  assert.ok(checked > 1500, `${checked} characters checked`);
});

test('real dashboard frames (colour, box drawing, blocks) come out the same', async () => {
  const lines = await sampleFramesAt([
    [200, 50, false],
    [80, 24, false],
    [80, 24, true],
  ]);
  assert.ok(
    lines.some((l) => l.includes('\u001b[')),
    'the frames carry colour',
  );
  assert.ok(
    lines.some((l) => /[╭╮╰╯─┤▁▂▃▄▅▆▇█]/.test(l)),
    'the frames hold chart drawing',
  );
  for (const line of lines) assertSame(line);
  // The same row cut short, as Ink's endChar does.
  for (const line of lines.slice(0, 20)) assertSame(line, 17);
});

/** Pieces of text as Ink's frames and programs' output carry them. */
const SGR = [
  '\u001b[0m',
  '\u001b[1m',
  '\u001b[2m',
  '\u001b[22m',
  '\u001b[7m',
  '\u001b[27m',
  '\u001b[31m',
  '\u001b[39m',
  '\u001b[42m',
  '\u001b[49m',
  '\u001b[90m',
  '\u001b[1;31m',
  '\u001b[38;5;208m',
  '\u001b[48;2;10;20;30m',
  '\u001b[m',
  '\u001b[4;53m',
];
const OTHER = [
  '请求',
  '✅',
  '🚀',
  'e\u0301',
  '\u200d',
  '\ufe0f',
  '\u001b[?25l',
  '\u001b]8;;https://go.dev\u0007',
  '\u009b31m',
  '\u001b',
  '\u001b[12',
  '\r\n',
  '\t',
  '◽',
  '한',
  '\u0300',
  '🇩🇪',
];
const simpleChar = fc
  .constantFrom(...fast.SIMPLE_RANGES_FOR_TESTS)
  .chain(([from, to]) => fc.integer({ min: from, max: to }))
  .map((c) => String.fromCharCode(c));
const piece = fc.oneof(
  { weight: 12, arbitrary: simpleChar },
  { weight: 3, arbitrary: fc.constantFrom(...SGR) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHER) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);

test('any text: the same tokens, styled characters and string as the original', () => {
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 60 }),
      fc.option(fc.integer({ min: 0, max: 70 }), { nil: undefined }),
      (pieces, endChar) => {
        assertSame(pieces.join(''), endChar);
      },
    ),
    { numRuns: 3000 },
  );
});

test('styled characters from several lines and blank cells join as the original joins them', () => {
  // What Ink's output pass builds: a row of characters from different writes, its own blank
  // cells between them, each with its own style list.
  const blank = () => ({ type: 'char' as const, value: ' ', fullWidth: false, styles: [] });
  fc.assert(
    fc.property(fc.array(fc.array(piece, { maxLength: 12 }), { maxLength: 8 }), (writes) => {
      const row: original.StyledChar[] = [];
      const rowOriginal: original.StyledChar[] = [];
      for (const w of writes) {
        row.push(blank(), ...fast.styledCharsFromTokens(fast.tokenize(w.join(''))));
        rowOriginal.push(blank(), ...original.styledCharsFromTokens(original.tokenize(w.join(''))));
      }
      assert.equal(fast.styledCharsToString(row), original.styledCharsToString(rowOriginal));
    }),
    { numRuns: 1000 },
  );
});
