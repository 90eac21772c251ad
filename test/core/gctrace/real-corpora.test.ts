/**
 * Real Go 1.26 captures of demo/splicegen (log package, fmt partial writes, slog JSON, all at
 * once) with the program's own record of what it wrote and how many GC cycles completed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cyclesOf, normalize, outputOf, parseChunked, parseTrace } from './splice-helpers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gctrace');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

/** gctrace lines in the capture that are not one clean line on their own. */
function splicedLineCount(text: string): number {
  const clean =
    /^gc \d+ @[\d.]+s \d+%: [\d.+/]+ ms clock, [\d.+/]+ ms cpu, \d+->\d+->\d+ MB, \d+ MB goal, \d+ MB stacks, \d+ MB globals, \d+ P( \(forced\))?$/;
  return text.split('\n').filter((l) => /gc \d+ @/.test(l) && !clean.test(l)).length;
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

  it('the corpora really are spliced', () => {
    const spliced = ['fmt', 'all'].map((m) =>
      splicedLineCount(read(`splicegen-go126-${m}.stderr.log`)),
    );
    for (const n of spliced) assert.ok(n > 5, `spliced lines: ${spliced}`);
  });
});
