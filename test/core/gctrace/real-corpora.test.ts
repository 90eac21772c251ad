/**
 * Real Go 1.26 captures of demo/splicegen (log package, fmt partial writes, slog JSON, all at
 * once) with the program's own record of what it wrote and how many GC cycles completed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cycleFromJson, cycleToJson } from '../../../source/core/format/cycle-json.js';
import { renderCycle } from '../../../source/core/gctrace/render.js';
import { cyclesOf, normalize, outputOf, parseChunked, parseTrace } from './splice-helpers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gctrace');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

/** gctrace lines in the capture that are not one clean line on their own. */
function splicedLineCount(text: string): number {
  const clean =
    /^gc \d+ @[\d.]+s \d+%: [\d.+/]+ ms clock, [\d.+/]+ ms cpu, \d+->\d+->\d+ MB, \d+ MB goal, \d+ MB stacks, \d+ MB globals, \d+ P( \(forced\))?$/;
  return text.split('\n').filter((l) => /gc \d+ @/.test(l) && !clean.test(l)).length;
}

/** A capture parsed whole: at least the program's cycle count, numbered 1..N in order. */
function readCapture(base: string) {
  const text = read(`${base}.stderr.log`);
  const numgc = Number(read(`${base}.numgc.txt`).trim());
  const events = parseTrace(text);
  const cycles = cyclesOf(events);
  assert.ok(cycles.length >= numgc, `${cycles.length} cycles, program counted ${numgc}`);
  assert.deepEqual(
    cycles.map((c) => c.n),
    cycles.map((_, i) => i + 1),
  );
  return { text, events, cycles };
}

describe('real Go 1.26 corpora (demo/splicegen)', () => {
  for (const mode of ['log', 'fmt', 'slog', 'all']) {
    it(`${mode}: every cycle 1..N, output equals what the program wrote`, () => {
      const text = read(`splicegen-go126-${mode}.stderr.log`);
      const truth = read(`splicegen-go126-${mode}.truth.txt`);
      const numgc = Number(read(`splicegen-go126-${mode}.numgc.txt`).trim());
      assert.ok(numgc > 10, 'the capture has GC cycles');
      const events = parseTrace(text);
      const cycles = cyclesOf(events);
      // A cycle may finish after the program read its count, never fewer.
      assert.ok(cycles.length >= numgc, `${cycles.length} cycles, program counted ${numgc}`);
      cycles.forEach((c, i) => {
        assert.equal(c.n, i + 1);
        assert.equal(c.process, 0);
        assert.equal(c.ambiguous, undefined, `gc ${c.n} ambiguous`);
        assert.equal(c.stacksMiB !== null, true);
      });
      assert.equal(outputOf(events), truth);
      assert.equal(events.filter((e) => e.type === 'gap' || e.type === 'process').length, 0);
      // Same result in small random-ish chunks.
      assert.deepEqual(normalize(parseChunked(text, [97, 1, 4096, 13])), normalize(events));
    });
  }

  // The runtime's writing thread starved: one gctrace line holds 17 (a) or 9 (b) program
  // writes across three program lines (c: 14 across two). No reading is cheap enough for the usual searches, so
  // the last-resort search takes the cheapest one, marked bestGuess. Values checked by hand
  // against the capture.
  const starved: [string, number, string][] = [
    [
      'a',
      34,
      'gc 34 @0.242s 7%: 0.027+0.53+0.003 ms clock, 0.055+0/0.087/0.20+0.007 ms cpu, 37->37->25 MB, 67 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)\n',
    ],
    [
      'b',
      35,
      'gc 35 @0.327s 5%: 0.26+0.34+0.003 ms clock, 0.52+0/0.25/0.20+0.006 ms cpu, 34->34->25 MB, 69 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)\n',
    ],
    // gc 31 spread over two program lines, then gc 32 with program text between its number
    // and ` @` (`gc 32progress 806  @0.115s`): read as program output, that head let gc 31's
    // guess take gc 32's tail, and gc 32 was lost.
    [
      'c',
      31,
      'gc 31 @0.113s 1%: 0.069+0.10+0.001 ms clock, 0.13+0/0.073/0.030+0.003 ms cpu, 132->132->25 MB, 264 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)\n',
    ],
  ];
  for (const [name, n, line] of starved) {
    it(`fmt, writer starved (${name}): gc ${n} is kept as a best guess, exact, output exact`, () => {
      const base = `splicegen-go126-fmt-starved-${name}`;
      const { text, events, cycles } = readCapture(base);
      assert.deepEqual(
        events.filter((e) => e.type === 'gap' || e.type === 'process'),
        [],
        'no cycle lost',
      );
      assert.deepEqual(
        cycles.filter((c) => c.bestGuess).map((c) => c.n),
        [n],
      );
      const guessed = cycles[n - 1];
      assert.ok(guessed);
      assert.equal(renderCycle(guessed), line);
      // The mark survives the session file and `trace --json`.
      const json = cycleToJson(guessed);
      assert.equal(json.bestGuess, true);
      assert.equal(cycleFromJson(JSON.parse(JSON.stringify(json)))?.bestGuess, true);
      assert.equal(outputOf(events), read(`${base}.truth.txt`));
      assert.deepEqual(normalize(parseChunked(text, [97, 1, 4096, 13])), normalize(events));
    });
  }

  // Beside two busy loops, a cycle stopped the world for milliseconds early in the run, so the
  // cumulative `N%` rose steeply, and program text sits inside its line. Read with a smaller
  // `N%` and one more program write (a digit), the rise counted against the truth and the
  // program's output gained that digit; the cycle's own cpu times explain the rise.
  // all: `gc 9progress 6  @0.038s 14%:` (1 -> 14), read by the depth-first search.
  // fmt: `gc 8 @progress 9 0.040s 23done\n%:` (9 -> 23), two lines: the shortest-path search
  // confirms the reading.
  // all, the same stress: `gc 3 @0.020s 12%: 0.024+22` then the program's `2026/12/05 …` log
  // line. Read as a 22202 ms mark phase (with 7.8 ms of mark cpu), the program's output lost
  // `202`; such a reading gets a second look by the depth-first search.
  const secondLooks: [string, number, string][] = [
    [
      'all-starved-mark',
      3,
      'gc 3 @0.020s 12%: 0.024+22+0.005 ms clock, 0.048+0.027/7.8/0+0.011 ms cpu, 3->3->2 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P\n',
    ],
    [
      'all-starved-util',
      9,
      'gc 9 @0.038s 14%: 7.8+0.30+0.007 ms clock, 15+0.13/0/0+0.015 ms cpu, 14->16->10 MB, 16 MB goal, 0 MB stacks, 0 MB globals, 2 P\n',
    ],
    [
      'fmt-starved-util',
      8,
      'gc 8 @0.040s 23%: 10+7.7+0.014 ms clock, 21+0.14/0/0+0.029 ms cpu, 9->10->7 MB, 10 MB goal, 0 MB stacks, 0 MB globals, 2 P\n',
    ],
  ];
  for (const [name, n, line] of secondLooks) {
    it(`${name}: an implausible reading gets a second look and is read exactly`, () => {
      const base = `splicegen-go126-${name}`;
      const { text, events, cycles } = readCapture(base);
      const risen = cycles[n - 1];
      assert.ok(risen);
      assert.equal(renderCycle(risen), line);
      assert.equal(risen.ambiguous, undefined);
      assert.equal(outputOf(events), read(`${base}.truth.txt`));
      assert.deepEqual(normalize(parseChunked(text, [97, 1, 4096, 13])), normalize(events));
    });
  }

  it('a best guess must continue the numbering: without gc 33 before it, gc 34 is not guessed', () => {
    const text = read('splicegen-go126-fmt-starved-a.stderr.log');
    // Cut the clean line of gc 33 out: the numbering then jumps from 32 to the guess.
    const at = text.indexOf('gc 33 @');
    assert.ok(at > 0);
    const cut = text.slice(0, at) + text.slice(text.indexOf('\n', at) + 1);
    const cycles = cyclesOf(parseTrace(cut));
    assert.equal(
      cycles.some((c) => c.n === 33),
      false,
    );
    assert.equal(
      cycles.some((c) => c.n === 34),
      false,
      'gc 34 guessed after gc 32',
    );
    assert.equal(
      cycles.some((c) => c.n === 35),
      true,
    );
  });

  it('the corpora really are spliced', () => {
    const spliced = ['fmt', 'all'].map((m) =>
      splicedLineCount(read(`splicegen-go126-${m}.stderr.log`)),
    );
    for (const n of spliced) assert.ok(n > 5, `spliced lines: ${spliced}`);
  });
});
