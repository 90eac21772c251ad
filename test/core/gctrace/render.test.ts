import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  formatMs,
  formatNsAsMs,
  formatSeconds,
  NumberKind,
  runtimeNumberValue,
} from '../../../source/core/gctrace/number-format.js';
import { parseTrace } from '../../../source/core/gctrace/parser.js';
import { cycleWrites, cycleWriteTokens, renderCycle } from '../../../source/core/gctrace/render.js';
import { syntheticCycles } from '../../../source/core/gctrace/synthetic.js';
import { cyclesOf } from './splice-helpers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gctrace');

describe('runtime number formatting', () => {
  it('fmtNSAsMS: whole ms from 10 ms, else two significant digits, max 3 decimals', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [999, '0'],
      [1_000, '0.001'],
      [5_400, '0.005'],
      [40_000, '0.040'],
      [99_999, '0.099'],
      [100_000, '0.10'],
      [404_000, '0.40'],
      [1_000_000, '1.0'],
      [1_290_000, '1.2'],
      [9_999_999, '9.9'],
      [10_000_000, '10'],
      [30_500_000, '30'],
      [1_234_000_000, '1234'],
    ];
    for (const [ns, text] of cases) assert.equal(formatNsAsMs(ns), text, String(ns));
  });

  it('accepts exactly what the runtime prints', () => {
    const ms = (t: string) => runtimeNumberValue(t, 0, t.length, NumberKind.millis);
    for (const ok of ['0', '0.001', '0.099', '0.10', '0.99', '1.0', '9.9', '10', '4096']) {
      assert.ok(ms(ok) >= 0, ok);
      assert.equal(formatMs(ms(ok)), ok);
    }
    for (const bad of [
      '4.62',
      '08',
      '0.4',
      '2',
      '0.000',
      '0.100',
      '10.0',
      '0.0',
      '.5',
      '1.',
      '00',
    ]) {
      assert.equal(ms(bad), -1, bad);
    }
    const int = (t: string) => runtimeNumberValue(t, 0, t.length, NumberKind.integer);
    assert.equal(int('0'), 0);
    assert.equal(int('201'), 201);
    assert.equal(int('08'), -1);
    const sec = (t: string) => runtimeNumberValue(t, 0, t.length, NumberKind.seconds);
    assert.equal(sec('10.532'), 10.532);
    assert.equal(sec('0.007'), 0.007);
    assert.equal(sec('10.53'), -1);
    assert.equal(sec('01.000'), -1);
    assert.equal(formatSeconds(10.532), '10.532');
    const pct = (t: string) => runtimeNumberValue(t, 0, t.length, NumberKind.percent);
    assert.equal(pct('100'), 100);
    assert.equal(pct('101'), -1);
  });
});

describe('renderCycle', () => {
  it('prints every line of the real Go 1.19 capture exactly as the runtime did', () => {
    const text = readFileSync(path.join(fixtures, 'go-run-toolchain-go119.log'), 'utf8');
    const lines = text.split('\n').filter((l) => l.startsWith('gc '));
    const cycles = cyclesOf(parseTrace(text));
    assert.equal(cycles.length, lines.length);
    cycles.forEach((c, i) => {
      assert.equal(renderCycle(c, 'go1.18'), `${lines[i]}\n`);
    });
  });

  it('prints the Go 1.17 format without stacks and globals', () => {
    const [c] = syntheticCycles(1, { seed: 3, go117: true });
    assert.ok(c);
    const line = renderCycle(c);
    assert.doesNotMatch(line, /stacks|globals/);
    assert.match(line, /^gc 1 @\d+\.\d{3}s \d+%: .* MB goal, \d+ P(?: \(forced\))?\n$/);
  });

  it('lists the runtime writes: Go ≤1.25 writes "%: " once, Go 1.26 writes "%" and ": "', () => {
    const [c] = syntheticCycles(1, { seed: 5 });
    assert.ok(c);
    const old = cycleWriteTokens(c, 'go1.18');
    const now = cycleWriteTokens({ ...c, leakCheck: true, forced: true }, 'go1.26');
    assert.ok(old.includes('%: '));
    assert.ok(now.includes('%') && now.includes(': '));
    assert.ok(now.includes(' (checking for goroutine leaks)'));
    assert.equal(now.at(-2), ' (forced)');
    assert.equal(old.join(''), renderCycle(c, 'go1.18'));
    // 38 writes without the optional ones (go1.26 has one more for the split "%: ").
    assert.equal(old.length, 38);
    assert.equal(cycleWriteTokens(c, 'go1.26').length, 39);
    assert.deepEqual(cycleWrites({ ...c, periodic: true }).slice(0, 2), ['GC forced\n', 'gc ']);
  });

  it('round-trips synthetic cycles through the parser', () => {
    for (const go117 of [false, true]) {
      const cycles = syntheticCycles(500, { seed: 11, go117, forcedShare: 0.2 });
      const text = cycles.map((c) => renderCycle(c)).join('');
      assert.deepEqual(cyclesOf(parseTrace(text)), cycles);
    }
  });
});
