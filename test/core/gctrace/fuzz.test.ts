/**
 * Fuzzing: 10⁶ mutated lines (real capture lines and synthetic ones, about 1 in 3 a gctrace
 * line, every one mutated: characters deleted,
 * inserted, replaced, duplicated, newlines and `gc ` added), fed in batches with random
 * chunking. The parser must never throw, every byte must come back either as output or as
 * part of a cycle, and every cycle value must be one the runtime could have printed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  formatMs,
  NumberKind,
  runtimeNumberValue,
} from '../../../source/core/gctrace/number-format.js';
import { GctraceParser } from '../../../source/core/gctrace/parser.js';
import { renderCycle } from '../../../source/core/gctrace/render.js';
import { seededRandom, syntheticCycles } from '../../../source/core/gctrace/synthetic.js';
import type { GcCycle, TraceEvent } from '../../../source/core/gctrace/types.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gctrace');
const TOTAL_LINES = Number(process.env.FUZZ_LINES ?? 1_000_000);
const BATCH = 20_000;

const NOISE = [
  '\n',
  'gc ',
  ' @',
  '%',
  ': ',
  '+',
  '/',
  '->',
  ' MB',
  ' P',
  '0',
  '9',
  '.',
  '\r',
  ' (forced)',
  'GC forced\n',
  '\u00e9',
  '\ud83d',
  '{"a":1}',
  '2026/11/25 ',
];

function mutate(line: string, rand: () => number): string {
  let s = line;
  const edits = 1 + Math.floor(rand() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (s.length + 1));
    const r = rand();
    if (r < 0.25) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 4));
    else if (r < 0.5)
      s = s.slice(0, at) + (NOISE[Math.floor(rand() * NOISE.length)] ?? '') + s.slice(at);
    else if (r < 0.7)
      s = `${s.slice(0, at)}${String.fromCharCode(32 + Math.floor(rand() * 95))}${s.slice(at + 1)}`;
    else if (r < 0.85) s = s.slice(0, at) + s.slice(Math.max(0, at - 8), at) + s.slice(at);
    else s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 30));
  }
  return s;
}

function printable(c: GcCycle): boolean {
  const ints = [c.n, c.cpuPercent, ...c.heapMiB, c.goalMiB, c.procs];
  if (c.stacksMiB !== null) ints.push(c.stacksMiB);
  if (c.globalsMiB !== null) ints.push(c.globalsMiB);
  if (!ints.every((v) => Number.isInteger(v) && v >= 0)) return false;
  if (c.cpuPercent > 100) return false;
  for (const ms of [...c.clockMs, ...c.cpuMs]) {
    const text = formatMs(ms);
    if (runtimeNumberValue(text, 0, text.length, NumberKind.millis) !== ms) return false;
  }
  return true;
}

describe('fuzzing (10^6 mutated lines)', () => {
  it('never throws, accounts for every byte, reports only printable values', () => {
    const rand = seededRandom(424242);
    const real = readFileSync(path.join(fixtures, 'spliced-log-go119.log'), 'utf8')
      .split('\n')
      .concat(readFileSync(path.join(fixtures, 'go-run-toolchain-go119.log'), 'utf8').split('\n'));
    const synthetic = syntheticCycles(300, { seed: 77 }).map((c) => renderCycle(c).trimEnd());
    const pool = [...real, ...synthetic].filter((l) => l.length > 0);
    let lines = 0;
    let cycles = 0;
    while (lines < TOTAL_LINES) {
      const parts: string[] = [];
      for (let k = 0; k < BATCH; k++) {
        const base = pool[Math.floor(rand() * pool.length)] ?? '';
        parts.push(mutate(base, rand));
      }
      lines += BATCH;
      const text = `${parts.join('\n')}\n`;
      const p = new GctraceParser();
      const events: TraceEvent[] = [];
      let i = 0;
      while (i < text.length) {
        const size = 1 + Math.floor(rand() * 5000);
        events.push(...p.push(text.slice(i, i + size)));
        i += size;
      }
      events.push(...p.end());
      let outputBytes = 0;
      let cycleBytes = 0;
      for (const e of events) {
        if (e.type === 'output') outputBytes += e.text.length;
        if (e.type === 'cycle') {
          cycles++;
          assert.ok(printable(e.cycle), JSON.stringify(e.cycle));
          cycleBytes += renderCycle(e.cycle).length;
        }
      }
      // Output plus re-rendered cycles never exceeds the input (CR, GC forced, scan lines and
      // truncated newlines are consumed, so it may be smaller).
      assert.ok(outputBytes + cycleBytes <= text.length + events.length, 'bytes accounted for');
    }
    assert.equal(lines, TOTAL_LINES);
    // Some mutations leave a gctrace line intact or readable as a spliced one.
    assert.ok(cycles > TOTAL_LINES / 200, `cycles recovered: ${cycles}`);
  });
});
