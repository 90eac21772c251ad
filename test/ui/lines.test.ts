import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimelineStore } from '../../source/core/timeline/store.js';
import {
  childState,
  cleanOutputLine,
  cycleDetail,
  fitLastEntries,
  headerBadge,
  headerItems,
  joinFitting,
  percentLabel,
  runtimeMs,
  shortCommand,
} from '../../source/ui/lines.js';
import { makeCycle } from '../helpers/cycles.js';

test('percentLabel: two significant digits below 1%, so a quiet axis has distinct labels', () => {
  assert.deepEqual([0, 0.00043, 0.043, 0.0216, 0.29, 0.5, 1, 12.34, 100].map(percentLabel), [
    '0%',
    '0.00043%',
    '0.043%',
    '0.022%',
    '0.29%',
    '0.5%',
    '1.0%',
    '12.3%',
    '100.0%',
  ]);
  // The labels of an axis from 0 to 0.04% in five rows differ.
  const axis = [0, 0.01, 0.02, 0.03, 0.04].map(percentLabel);
  assert.equal(new Set(axis).size, axis.length, axis.join(' '));
});

test('runtimeMs prints times the way the runtime does', () => {
  assert.equal(runtimeMs(0.021), '0.021');
  assert.equal(runtimeMs(0.02), '0.020');
  assert.equal(runtimeMs(1.2), '1.2');
  assert.equal(runtimeMs(9.9), '9.9');
  assert.equal(runtimeMs(30), '30');
  assert.equal(runtimeMs(0.004), '0.004');
  assert.equal(runtimeMs(0.0003), '0');
  assert.equal(runtimeMs(0), '0');
});

const busy = makeCycle({
  n: 12345,
  atSeconds: 10532.125,
  cpuPercent: 12,
  clockMs: [0.021, 123, 0.005],
  cpuMs: [0.084, 0.31, 2.1, 0.44, 0.02],
  heapMiB: [10234, 11020, 6543],
  goalMiB: 12345,
  stacksMiB: 3,
  globalsMiB: 1,
  procs: 64,
  forced: true,
  periodic: true,
  leakCheck: true,
  process: 2,
  ambiguous: [{ field: 'goalMiB', candidates: [12345, 1234] }],
});

test('the detail line is complete at 200 columns (at 280 with every flag at once)', () => {
  const rich = { ...busy, periodic: false, leakCheck: false };
  const wide = cycleDetail(rich, 4000, 200);
  assert.ok(wide.includes('ambiguous goalMiB 12345|1234') && wide.includes('(forced)'), wide);
  const line = cycleDetail(busy, 4000, 280);
  assert.ok(line.length <= 280, `${line.length}`);
  for (const part of [
    'gc 12345',
    '@10532.125s',
    '12% cumulative',
    'clock 0.021+123+0.005 ms',
    'cpu 0.084+0.31/2.1/0.44+0.020 ms',
    'heap 10234->11020->6543 MiB',
    'goal 12345 MiB',
    'stacks 3 MiB',
    'globals 1 MiB',
    '64 P',
    '(forced)',
    '(periodic)',
    '(goroutine leak check)',
    'process 2',
    'ambiguous goalMiB 12345|1234',
  ]) {
    assert.ok(line.includes(part), `${part} in ${line}`);
  }
});

test('the detail line fits 80 columns and keeps the essentials', () => {
  for (const cycle of [busy, makeCycle()]) {
    const line = cycleDetail(cycle, 1, 80);
    assert.ok(line.length <= 80, `${line.length}: ${line}`);
    assert.ok(line.includes(`gc ${cycle.n}`));
    assert.ok(line.includes(`${cycle.heapMiB.join('->')}`), line);
    assert.ok(line.includes(`goal ${cycle.goalMiB}MiB`), line);
    assert.ok(line.includes(runtimeMs(cycle.clockMs[1])), line);
  }
  const small = cycleDetail(makeCycle(), 1, 80);
  assert.ok(small.includes('cpu 0.080+0.31/2.1/0.44+0.020'), small);
  assert.ok(small.includes('@0.010s'), small);
  assert.ok(cycleDetail(busy, 1, 80).includes('forced'));
  assert.ok(cycleDetail(makeCycle(), 1, 120).includes('stk 0'), 'stacks come back with room');
  assert.notEqual(cycleDetail(makeCycle({ n: 1 }), 0, 80), cycleDetail(makeCycle({ n: 2 }), 1, 80));
  assert.ok(cycleDetail(null, null, 80).includes('no GC cycle yet'));
  assert.ok(cycleDetail(makeCycle({ stacksMiB: null }), 1, 200).includes('stacks n/a'));
});

test('program output is cleaned of escapes and control characters; tabs expand', () => {
  assert.equal(cleanOutputLine('\u001b[31mred\u001b[0m text'), 'red text');
  assert.equal(cleanOutputLine('a\tb'), 'a       b');
  assert.equal(cleanOutputLine('bell\u0007 \u001b]0;title\u0007ok'), 'bell ok');
  assert.equal(cleanOutputLine('plain 2026/11/25 17:08:29'), 'plain 2026/11/25 17:08:29');
});

test('child state says how the child ended', () => {
  const store = new TimelineStore();
  const child = store.getChild();
  assert.equal(
    childState({ ...child, state: 'exited', exitCode: 2 }, 'run'),
    'exited 2 (panic or fatal error?)',
  );
  assert.equal(childState({ ...child, state: 'exited', exitCode: 0 }, 'run'), 'exited 0');
  assert.equal(
    childState({ ...child, state: 'exited', signal: 'SIGKILL' }, 'run'),
    'killed by SIGKILL',
  );
  assert.equal(childState(child, 'replay'), 'replay');
});

test('header items and badge', () => {
  const store = new TimelineStore();
  store.setChild({
    command: ['go', 'run', '.'],
    pid: 42,
    state: 'running',
    pprofUrl: 'http://127.0.0.1:6060',
  });
  store.addCycle(makeCycle({ n: 7, procs: 8, atSeconds: 75 }));
  const snap = store.getSnapshot();
  const input = {
    snapshot: snap,
    live: snap,
    paused: false,
    following: true,
    mode: 'run' as const,
    sessionDir: '/tmp/s',
    env: { gogc: '50' },
    nowMs: null,
  };
  const { first, second } = headerItems(input);
  assert.deepEqual(first, [
    'gcdiff run',
    'go run .',
    'pid 42',
    'running',
    't 1m15s',
    'gc 7',
    '8P',
    'GOGC=50',
  ]);
  assert.ok(second.includes('pprof http://127.0.0.1:6060'));
  assert.ok(second.includes('session /tmp/s'));
  assert.equal(headerBadge(input), 'LIVE');
  for (const [restarts, text] of [
    [1, '1 restart'],
    [2, '2 restarts'],
  ] as const) {
    store.setChild({ restarts });
    assert.ok(headerItems({ ...input, snapshot: store.getSnapshot() }).second.includes(text));
  }
  store.addCycle(makeCycle({ n: 8 }));
  assert.equal(
    headerBadge({ ...input, paused: true, live: store.getSnapshot() }),
    'PAUSED +1 cycle',
  );
  store.addCycle(makeCycle({ n: 9 }));
  assert.equal(
    headerBadge({ ...input, paused: true, live: store.getSnapshot() }),
    'PAUSED +2 cycles',
  );
  store.setChild({ state: 'exited', exitCode: 0 });
  assert.equal(headerBadge({ ...input, snapshot: store.getSnapshot() }), 'ENDED');
  assert.equal(headerBadge({ ...input, mode: 'replay' }), 'END');
  assert.equal(joinFitting(['aaaa', 'bbbbbbbb', 'cc'], 10), 'aaaa  cc');
  assert.equal(joinFitting(['aaaaaaaaaaaa'], 5), 'aaaaa');
});

test('header: short command, and a badge that says when the program has ended', () => {
  assert.equal(
    shortCommand(['/tmp/gcdiff-go-ZQGgy5/crashy', '-mode', 'crash']),
    'crashy -mode crash',
  );
  assert.equal(shortCommand(['go', 'run', './cmd/server']), 'go run ./cmd/server');
  const long = shortCommand(['./server', '-config', '/etc/very/long/path/to/config/file.yaml']);
  assert.equal(long.length, 40);
  assert.ok(long.endsWith('…'));
});

test('fitLastEntries keeps the newest whole entries, never half of one', () => {
  const marks = 'A #1 gc 90 ok  B #2 gc 95 ok';
  assert.equal(fitLastEntries(marks, 40), marks);
  assert.equal(fitLastEntries(marks, 28), marks);
  assert.equal(fitLastEntries(marks, 27), 'B #2 gc 95 ok');
  assert.equal(fitLastEntries(marks, 13), 'B #2 gc 95 ok');
  assert.equal(fitLastEntries(marks, 8), 'B #2 gc ');
  assert.equal(fitLastEntries('no marks (m)', 20), 'no marks (m)');
});

test('a best-guess cycle says so on the detail line, in full and when short', () => {
  const guessed = {
    ...busy,
    ambiguous: undefined,
    periodic: false,
    leakCheck: false,
    bestGuess: true,
  };
  const wide = cycleDetail(guessed, 4000, 200);
  assert.ok(wide.includes('(best guess)'), wide);
  const narrow = cycleDetail(guessed, 4000, 80);
  assert.ok(narrow.length <= 80 && /\bguess\b/.test(narrow), narrow);
  assert.equal(
    cycleDetail({ ...guessed, bestGuess: undefined }, 4000, 200).includes('guess'),
    false,
  );
});
