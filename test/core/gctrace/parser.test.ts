import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GctraceParser, parseTrace } from '../../../source/core/gctrace/parser.js';
import { renderCycle } from '../../../source/core/gctrace/render.js';
import type { GcCycle } from '../../../source/core/gctrace/types.js';
import { cyclesOf, normalize, outputOf, parseChunked } from './splice-helpers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gctrace');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

const GO126 =
  'gc 12 @10.532s 1%: 0.021+1.2+0.005 ms clock, 0.084+0.31/2.1/0.44+0.020 ms cpu, 9->11->6 MB, 12 MB goal, 0 MB stacks, 0 MB globals, 4 P\n';
const GO117 =
  'gc 3 @0.039s 1%: 0.094+2.3+0.11 ms clock, 0.18+0.062/0.17/0.39+0.22 ms cpu, 2->3->0 MB, 4 MB goal, 2 P\n';

describe('GctraceParser: formats', () => {
  it('parses a Go 1.18+ line exactly', () => {
    const [c] = cyclesOf(parseTrace(GO126));
    assert.deepEqual(c, {
      n: 12,
      atSeconds: 10.532,
      cpuPercent: 1,
      clockMs: [0.021, 1.2, 0.005],
      cpuMs: [0.084, 0.31, 2.1, 0.44, 0.02],
      heapMiB: [9, 11, 6],
      goalMiB: 12,
      stacksMiB: 0,
      globalsMiB: 0,
      procs: 4,
      forced: false,
      periodic: false,
      leakCheck: false,
      process: 0,
    });
  });

  it('parses a Go 1.17 line with null stacks and globals', () => {
    const [c] = cyclesOf(parseTrace(GO117));
    assert.equal(c?.stacksMiB, null);
    assert.equal(c?.globalsMiB, null);
    assert.deepEqual(c?.heapMiB, [2, 3, 0]);
    assert.equal(c?.goalMiB, 4);
    assert.equal(c?.procs, 2);
  });

  it('reads (forced) and the goroutine-leak marker', () => {
    const line =
      'gc 7 @1.000s 3% (checking for goroutine leaks): 0+0.50+0 ms clock, 0+0/0.20/0+0 ms cpu, 5->5->2 MB, 8 MB goal, 1 MB stacks, 2 MB globals, 8 P (forced)\n';
    const [c] = cyclesOf(parseTrace(line));
    assert.equal(c?.forced, true);
    assert.equal(c?.leakCheck, true);
    assert.equal(c?.stacksMiB, 1);
    assert.equal(c?.globalsMiB, 2);
    assert.deepEqual(c?.clockMs, [0, 0.5, 0]);
  });

  it('marks the cycle after a GC forced line as periodic and consumes that line', () => {
    const events = parseTrace(`hello\nGC forced\n${GO126}bye\n`);
    const [c] = cyclesOf(events);
    assert.equal(c?.periodic, true);
    assert.equal(outputOf(events), 'hello\nbye\n');
  });

  it('consumes gctrace=2 scan lines and scavtrace lines', () => {
    const text = [
      GO126,
      'scan: total 1024+0+0=1024 objs, 3+0=3 spans\n',
      'scan: class L 2+0+0=2 objs, 2+0=2 spans\n',
      'scan: class 16B 100+0+0=100 objs, 1+0=1 spans\n',
      'scan: total 77 objs\n',
      'scav 0 KiB work (bg), 0 KiB work (eager), 1024 KiB now, 99% util\n',
      'scav 12 KiB work, 100 KiB total, 50% util (forced)\n',
      'program line\n',
    ].join('');
    const events = parseTrace(text);
    assert.equal(cyclesOf(events).length, 1);
    assert.equal(outputOf(events), 'program line\n');
  });

  it('keeps CRLF in output and accepts CRLF after a gctrace line', () => {
    const text = `a\r\n${GO126.replace('\n', '\r\n')}b\r\n`;
    const events = parseTrace(text);
    assert.equal(cyclesOf(events).length, 1);
    assert.equal(outputOf(events), 'a\r\nb\r\n');
  });

  it('accepts a last line without newline, and output without newline', () => {
    assert.equal(cyclesOf(parseTrace(GO126.trimEnd())).length, 1);
    const events = parseTrace(`${GO126}tail without newline`);
    assert.equal(outputOf(events), 'tail without newline');
  });

  it('never reports a value the runtime cannot print', () => {
    // Each text holds one impossible token. The parser may read it as a runtime token plus a
    // spliced write (`4.62` = `4.6` + `2`), or give up on the line, but never report it.
    const cases: [string, (c: GcCycle) => boolean][] = [
      [GO126.replace('1.2+', '4.62+'), (c) => c.clockMs[1] === 4.62],
      [GO126.replace('9->', '09->'), () => false], // `0` + `9` or `0` + foreign: either way printable
      [GO126.replace('0.021', '0.4'), (c) => c.clockMs[0] === 0.4],
      [GO126.replace('0.084', '2'), (c) => c.cpuMs[0] === 2],
      [GO126.replace('10.532', '10.53'), (c) => c.atSeconds === 10.53],
      [GO126.replace(' 1%', ' 101%'), (c) => c.cpuPercent === 101],
    ];
    for (const [text, impossible] of cases) {
      const events = parseTrace(text);
      const cycles = cyclesOf(events);
      for (const c of cycles) {
        assert.equal(impossible(c), false, text);
        assert.equal(renderCycle(c).length + outputOf(events).length, text.length, text);
      }
      if (cycles.length === 0) assert.equal(outputOf(events), text);
    }
  });

  it('emits process events on restarts and gap events for missing numbers', () => {
    const c = (n: number) => GO126.replace('gc 12 ', `gc ${n} `);
    const events = parseTrace(c(1) + c(2) + c(5) + c(1) + c(2));
    const kinds = events.map((e) =>
      e.type === 'cycle' ? `c${e.cycle.n}/${e.cycle.process}` : e.type,
    );
    assert.deepEqual(kinds, ['c1/0', 'c2/0', 'gap', 'c5/0', 'process', 'c1/1', 'c2/1']);
    const gap = events.find((e) => e.type === 'gap');
    assert.deepEqual(gap, { type: 'gap', from: 3, to: 4, process: 0 });
  });

  it('passes program text through unchanged, including lines that mention gc', () => {
    const text = 'starting\nrunning gc now\ngc tuning: GOGC=50\n{"msg":"gc 5 items"}\n';
    const events = parseTrace(text);
    assert.equal(cyclesOf(events).length, 0);
    assert.equal(outputOf(events), text);
  });

  it('finds a gctrace line that starts after a partial write', () => {
    const events = parseTrace(`progress 45% ${GO126}done\n`);
    assert.equal(cyclesOf(events).length, 1);
    assert.equal(outputOf(events), 'progress 45% done\n');
  });

  it('does not glue program digits to the P count when P has not changed', () => {
    // The runtime writes `…globals, ` and `2 P\n` separately; the program's `11504` and
    // ` ms 4 %: tick` land around the `2 P\n`. The spliced line looks clean with P = 115042.
    const cycle = (n: number, procs: number) =>
      GO126.replace('gc 12 ', `gc ${n} `).replace(' 4 P\n', ` ${procs} P\n`);
    const spliced = cycle(3, 2).replace(' 2 P\n', ' 115042 P\n ms 4 %: tick\n');
    const events = parseTrace(cycle(1, 2) + cycle(2, 2) + spliced + cycle(4, 2));
    assert.deepEqual(
      cyclesOf(events).map((c) => c.procs),
      [2, 2, 2, 2],
    );
    assert.equal(outputOf(events), '11504 ms 4 %: tick\n');
  });

  it('still reads a real change of P, and a large GOMAXPROCS on the first cycle', () => {
    const cycle = (n: number, procs: number) =>
      GO126.replace('gc 12 ', `gc ${n} `).replace(' 4 P\n', ` ${procs} P\n`);
    const text = `${cycle(1, 2000)}${cycle(2, 2000)}${cycle(3, 2)}out\n${cycle(4, 64)}${cycle(5, 4)}`;
    const events = parseTrace(text);
    assert.deepEqual(
      cyclesOf(events).map((c) => [c.procs, c.ambiguous === undefined]),
      [
        [2000, true],
        [2000, true],
        [2, true],
        [64, true],
        [4, true],
      ],
    );
    assert.equal(outputOf(events), 'out\n');
  });

  it('gives the same events for every chunking, one character at a time included', () => {
    const text = read('spliced-log-go119.log').slice(0, 20000);
    const whole = normalize(parseTrace(text));
    assert.deepEqual(normalize(parseChunked(text, [1])), whole);
    assert.deepEqual(normalize(parseChunked(text, [7, 3, 250, 1])), whole);
  });

  it('never throws on odd input and returns nothing after end()', () => {
    const p = new GctraceParser();
    assert.doesNotThrow(() => {
      p.push('gc ');
      p.push('\u0000\uffff\ud800');
      p.push('gc 1 @');
      p.push('x'.repeat(200_000));
      p.end();
    });
    assert.deepEqual(p.push('gc 1 @0.001s 0%: '), []);
    assert.deepEqual(p.end(), []);
  });

  it('hands out a very long line without newline early', () => {
    const p = new GctraceParser();
    const events = p.push('y'.repeat(100_000));
    assert.ok(outputOf(events).length >= 99_000);
    assert.equal(outputOf(events) + outputOf(p.end()), 'y'.repeat(100_000));
  });
});

describe('GctraceParser: real captures', () => {
  it('spliced-log-go119.log: every cycle 1..229, output is exactly the log lines', () => {
    const text = read('spliced-log-go119.log');
    const events = parseTrace(text);
    const cycles = cyclesOf(events);
    assert.deepEqual(
      cycles.map((c) => c.n),
      Array.from({ length: 229 }, (_, i) => i + 1),
    );
    assert.equal(
      cycles.filter((c) => c.ambiguous).length,
      0,
      'no ambiguity expected in this capture',
    );
    // The program logs request i for i = 0, 20, 40, ... with nothing else.
    const out = outputOf(events).split('\n');
    assert.equal(out.pop(), '');
    out.forEach((line, k) => {
      assert.match(line, /^2026\/11\/25 17:08:\d\d request (\d+) served in (\d+)us$/);
      const m = / request (\d+) served in (\d+)us$/.exec(line);
      assert.equal(Number(m?.[1]), k * 20);
      assert.equal(Number(m?.[2]), (k * 20) % 977);
    });
    // Every byte is accounted for: output plus the cycles re-rendered is the input.
    const rendered = cycles.map((c) => renderCycle(c, 'go1.18')).join('');
    assert.equal(outputOf(events).length + rendered.length, text.length);
    // Known spliced cycles.
    assert.equal(cycles[150]?.goalMiB, 201);
    assert.deepEqual(cycles[150]?.heapMiB, [197, 199, 102]);
    assert.equal(cycles[15]?.n, 16);
    assert.deepEqual(cycles[3]?.heapMiB, [3, 3, 1]);
  });

  it('spliced-log-go119.log: a spliced cycle has the keys of a clean one, in the same order', () => {
    // One key order for every record, so that V8 gives them one shape (the splice searches
    // read the previous cycle in hot code; a spread copy gave 128 shapes to 2913 cycles).
    const text = read('spliced-log-go119.log');
    const cycles = cyclesOf(parseTrace(text));
    const clean = Object.keys(cyclesOf(parseTrace(GO126))[0] ?? {});
    assert.equal(clean.length, 14);
    const optional = ['ambiguous', 'outputAmbiguous', 'bestGuess'];
    // Cycle 151 is spliced in this capture: a program line cuts its line after `201`.
    assert.match(text, /^gc 151 @.* 2012026\/11\/25 .*request/m);
    assert.equal(cycles.length, 229);
    for (const c of cycles) {
      const keys = Object.keys(c);
      assert.deepEqual(keys.slice(0, clean.length), clean, `cycle ${c.n}`);
      for (const k of keys.slice(clean.length))
        assert.ok(optional.includes(k), `cycle ${c.n}: ${k}`);
    }
  });

  it('go-run-toolchain-go119.log: three processes, program output kept', () => {
    const events = parseTrace(read('go-run-toolchain-go119.log'));
    const processes = events.filter((e) => e.type === 'process');
    assert.deepEqual(
      processes.map((e) => (e.type === 'process' ? e.process : -1)),
      [1, 2],
    );
    assert.equal(outputOf(events), '# leak\n# leak\ndone 276\n');
    const cycles = cyclesOf(events);
    assert.equal(cycles.length, 27 + 2 + 4);
    assert.equal(cycles.at(-1)?.process, 2);
  });
});
