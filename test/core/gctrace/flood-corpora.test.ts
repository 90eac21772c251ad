/**
 * Real Go 1.26 captures of demo/testprogs/flood: heavy splicing, with single gctrace lines
 * spread over several program lines and 20+ program writes (whole log lines, partial fmt
 * writes that look like gctrace tokens) between the runtime's tokens.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderCycle } from '../../../source/core/gctrace/render.js';
import { cyclesOf, normalize, outputOf, parseChunked, parseTrace } from './splice-helpers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gctrace');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

/** Output lines that are not lines of the truth (as a multiset). */
function wrongLines(output: string, truth: string): string[] {
  const want = new Map<string, number>();
  for (const l of truth.split('\n')) want.set(l, (want.get(l) ?? 0) + 1);
  const wrong: string[] = [];
  for (const l of output.split('\n')) {
    const n = want.get(l) ?? 0;
    if (n > 0) want.set(l, n - 1);
    else wrong.push(l);
  }
  return wrong;
}

/** The cycles a corpus holds: 1..numgc for whole captures, first..last for windows. */
function cycleRange(name: string): [number, number] {
  if (existsSync(path.join(fixtures, `flood-go126-${name}.numgc.txt`))) {
    return [1, Number(read(`flood-go126-${name}.numgc.txt`).trim())];
  }
  const m = /^(\d+)\.\.(\d+)$/.exec(read(`flood-go126-${name}.cycles.txt`).trim());
  assert.ok(m, `flood-go126-${name}.cycles.txt`);
  return [Number(m[1]), Number(m[2])];
}

describe('real Go 1.26 flood corpora (demo/testprogs/flood)', () => {
  // a, b: whole captures; c: a window of a 2870-cycle capture; d–g: windows of captures under
  // CPU contention (see the fixtures' README).
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) {
    const text = read(`flood-go126-${name}.stderr.log`);
    const truth = read(`flood-go126-${name}.truth.txt`);
    const [first, last] = cycleRange(name);
    const events = parseTrace(text);

    it(`${name}: every cycle ${first}..${last}, in order, one process, no gaps, any chunking`, () => {
      const cycles = cyclesOf(events);
      assert.ok(last - first >= 2, `cycles ${first}..${last}`);
      assert.deepEqual(
        cycles.map((c) => c.n),
        Array.from({ length: last - first + 1 }, (_, i) => first + i),
      );
      assert.ok(cycles.every((c) => c.process === 0 && c.stacksMiB !== null));
      assert.equal(events.filter((e) => e.type === 'gap' || e.type === 'process').length, 0);
      assert.deepEqual(normalize(parseChunked(text, [4096, 97, 1, 65536])), normalize(events));
    });

    it(`${name}: no gctrace fragment is left in the output`, () => {
      const out = outputOf(events);
      assert.equal(/gc \d+ @/.test(out), false);
      assert.equal(/ ms clock, | ms cpu, | MB goal, | MB stacks, | MB globals, /.test(out), false);
      // Output plus the cycles rendered as the runtime prints them is exactly the capture's size.
      const rendered = cyclesOf(events).reduce((n, c) => n + renderCycle(c).length, 0);
      assert.equal(out.length + rendered, text.length);
    });

    it(`${name}: the output is what the program wrote, byte for byte`, {
      todo: 'digit runs where a program number and a runtime number touch are sometimes cut wrong',
    }, (t) => {
      const out = outputOf(events);
      const wrong = wrongLines(out, truth);
      t.diagnostic(`${wrong.length} output lines differ: ${JSON.stringify(wrong.slice(0, 4))}`);
      assert.equal(out, truth);
    });
  }
});
