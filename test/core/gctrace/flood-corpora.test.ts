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
import type { GcCycle, TraceEvent } from '../../../source/core/gctrace/types.js';
import { cyclesOf, normalize, outputOf, parseChunked, parseTrace } from './splice-helpers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gctrace');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

/** [start, end) in output of the lines that are not lines of the truth (as a multiset). */
function wrongLineSpans(output: string, truth: string): Array<[number, number]> {
  const want = new Map<string, number>();
  for (const l of truth.split('\n')) want.set(l, (want.get(l) ?? 0) + 1);
  const spans: Array<[number, number]> = [];
  let at = 0;
  for (const l of output.split('\n')) {
    const n = want.get(l) ?? 0;
    if (n > 0) want.set(l, n - 1);
    else spans.push([at, at + l.length]);
    at += l.length + 1;
  }
  return spans;
}

/** Whether text is an interleaving of a and b (each kept in order). */
function interleaves(text: string, a: string, b: string): boolean {
  if (text.length !== a.length + b.length) return false;
  // ok[j]: text[0, i + j) is an interleaving of a[0, i) and b[0, j), row by row over i.
  let ok = new Uint8Array(b.length + 1);
  ok[0] = 1;
  for (let j = 1; j <= b.length; j++) ok[j] = ok[j - 1] === 1 && text[j - 1] === b[j - 1] ? 1 : 0;
  for (let i = 1; i <= a.length; i++) {
    const next = new Uint8Array(b.length + 1);
    next[0] = ok[0] === 1 && text[i - 1] === a[i - 1] ? 1 : 0;
    for (let j = 1; j <= b.length; j++) {
      const c = text[i + j - 1];
      next[j] = (ok[j] === 1 && c === a[i - 1]) || (next[j - 1] === 1 && c === b[j - 1]) ? 1 : 0;
    }
    ok = next;
  }
  return ok[b.length] === 1;
}

/** Every reading of an ambiguous cycle: each field at its value or one of its candidates. */
function readings(c: GcCycle, limit = 256): GcCycle[] {
  let out: GcCycle[] = [structuredClone(c)];
  for (const a of c.ambiguous ?? []) {
    const m = /^(\w+)(?:\[(\d)\])?$/.exec(a.field);
    if (!m) continue;
    const next: GcCycle[] = [];
    for (const r of out) {
      for (const v of a.candidates) {
        const x = structuredClone(r) as unknown as Record<string, unknown>;
        const key = m[1] ?? '';
        if (m[2] !== undefined) (x[key] as number[])[Number(m[2])] = v;
        else x[key] = v;
        if (next.length < limit) next.push(x as unknown as GcCycle);
      }
    }
    out = next;
  }
  return out;
}

/**
 * Checks each ambiguity-marked cycle against the capture and the program's copy: some reading
 * the candidates allow, rendered as the runtime prints it, interleaved with the copy's bytes
 * of that stretch, gives exactly the capture's bytes of the stretch. Returns the problems and
 * the output ranges [from, to) of the marked cycles' stretches.
 */
function checkAmbiguous(text: string, truth: string, events: TraceEvent[]) {
  const problems: string[] = [];
  const ranges: Array<[number, number]> = [];
  let pos = 0; // in the capture
  let outAt = 0; // in the output
  let shift = 0; // truth offset - output offset (readings of other lengths before)
  for (const e of events) {
    if (e.type === 'output') {
      pos += e.text.length;
      outAt += e.text.length;
      continue;
    }
    if (e.type !== 'cycle') continue;
    const mine = renderCycle(e.cycle);
    pos += mine.length;
    if (!e.cycle.ambiguous && !e.cycle.outputAmbiguous) continue;
    const start = text.lastIndexOf('gc ', pos - mine.length);
    const foreign = pos - start - mine.length;
    const tStart = outAt - foreign + shift;
    ranges.push([outAt - foreign, outAt + 1]);
    const fits = readings(e.cycle).find((r) => {
      const line = renderCycle(r);
      const slice = truth.slice(tStart, tStart + (pos - start) - line.length);
      return interleaves(text.slice(start, pos), slice, line);
    });
    if (fits === undefined) problems.push(`gc ${e.cycle.n}: no reading fits the copy`);
    else shift += mine.length - renderCycle(fits).length;
  }
  return { problems, ranges };
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

/**
 * Corpora whose output is not yet exact away from ambiguity-marked cycles: digit runs where a
 * program number and a runtime number touch are sometimes cut wrong without a near tie (the
 * true reading costs a foreign write more than the plausibility terms make up for).
 */
const INEXACT: Record<string, string> = {
  c: 'gc 2850: the true reading is not among the candidates',
  d: 'gc 12, 21: marked, but the true reading (`N ms N %: tick` digits cut elsewhere) is not among the candidates',
  g: 'cycles 2, 11, 14, 15 (first cycles, little to judge by): truth not among the candidates',
  h: 'three busy processes beside it: 10 of 33 cycles marked, 8 without the truth among them',
  i: 'gc 4: truth not among the candidates; gc 1 takes its `1` from a log line’s microseconds (same cycle values); 3 `tick` lines cut wrong',
};

describe('real Go 1.26 flood corpora (demo/testprogs/flood)', () => {
  // a, b: whole captures; c: a window of a 2870-cycle capture; d–g: windows of captures under
  // CPU contention, h beside three busy processes, i the start of a run beside two (see the
  // fixtures' README).
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) {
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

    it(`${name}: the output is exact, but next to cycles marked ambiguous (the truth among their readings)`, {
      todo: INEXACT[name],
    }, (t) => {
      const out = outputOf(events);
      const cycles = cyclesOf(events);
      const { problems, ranges } = checkAmbiguous(text, truth, events);
      assert.deepEqual(problems, [], 'the truth is one of the readings the candidates allow');
      const excused = (a: number, b: number) => ranges.some(([x, y]) => a < y && b > x);
      const wrong = wrongLineSpans(out, truth);
      const away = wrong.filter(([a, b]) => !excused(a, b)).map(([a, b]) => out.slice(a, b));
      const marked = cycles.filter((c) => c.ambiguous || c.outputAmbiguous).length;
      t.diagnostic(
        `${marked} of ${cycles.length} cycles marked ambiguous; ${wrong.length} output lines ` +
          `differ, ${away.length} of them away from one: ${JSON.stringify(away.slice(0, 4))}`,
      );
      assert.deepEqual(away, [], 'output lines differ only next to ambiguous cycles');
      assert.equal(out.split('\n').length, truth.split('\n').length, 'as many lines as the truth');
      assert.ok(marked <= Math.max(2, cycles.length / 50), `${marked} cycles marked ambiguous`);
    });
  }
});
