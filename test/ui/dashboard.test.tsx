/** @jsxRuntime automatic */
import '../helpers/ink-test-env.js';
import './force-color.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, test } from 'node:test';
import { render } from 'ink-testing-library';
import { formatValue } from '../../source/core/format/table.js';
import { decodeProfile } from '../../source/core/profile/decode.js';
import { diffProfiles } from '../../source/core/profile/diff.js';
import type { TimelineStore } from '../../source/core/timeline/store.js';
import { Dashboard, type DashboardProps } from '../../source/ui/dashboard.js';
import {
  CUM_MIN_WIDTH,
  type DiffRequest,
  type DiffSource,
  type DiffState,
  diffRowText,
  fitLabel,
  numberColumns,
  SAMPLE_LABELS,
} from '../../source/ui/diff-view.js';
import { RefreshPacer } from '../../source/ui/refresh-pacer.js';
import { maxWidth, plainLines, tick, waitForFrame } from './frame-helpers.js';
import { leakyCycle, sampleStore } from './sample-session.js';

const noop = { mark() {}, restart() {}, quit() {} };

// Unmount whatever a test left mounted (a failed assertion would keep its tick alive).
const mounted: { unmount(): void }[] = [];
afterEach(() => {
  for (const app of mounted.splice(0)) app.unmount();
});

function track<T extends { unmount(): void }>(app: T): T {
  mounted.push(app);
  return app;
}

function show(store: TimelineStore, props: Partial<DashboardProps> = {}) {
  return track(
    render(
      <Dashboard
        store={store}
        actions={noop}
        ascii={false}
        color={false}
        mode="run"
        sessionDir="/tmp/gcdiff-session"
        env={{ gogc: '100' }}
        tickMs={10}
        columns={80}
        rows={24}
        {...props}
      />,
    ),
  );
}

const LEFT = '\u001b[D';
const ESC = '\u001b';

for (const [columns, rows] of [
  [80, 24],
  [200, 50],
  [40, 12],
  [120, 30],
] as const) {
  test(`${columns}x${rows}: the frame fits the screen and shows charts and the cycle count`, async () => {
    const app = show(sampleStore(), { columns, rows });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
    const lines = plainLines(frame);
    assert.ok(lines.length <= rows, `${lines.length} lines`);
    assert.ok(maxWidth(frame) <= columns, `width ${maxWidth(frame)}`);
    assert.ok(frame.includes('gc 240'), 'the latest cycle');
    if (rows >= 24) {
      assert.ok(frame.includes('240 cycles'), 'the cycle count');
      for (const title of ['STW pause', 'heap live', 'GC CPU'])
        assert.ok(frame.includes(title), title);
      assert.match(frame, /[╭╮╰╯─]/, 'asciichart lines');
    } else {
      for (const title of ['pause', 'heap', 'GC CPU']) assert.ok(frame.includes(title), title);
      assert.match(frame, /[▁▂▃▄▅▆▇█]/, 'sparklines on a short screen');
    }
    app.unmount();
  });
}

test('too small: the whole message, wrapped to the width, nothing else', async () => {
  for (const [columns, rows, lines] of [
    [50, 11, 1],
    [30, 10, 2],
  ] as const) {
    const app = show(sampleStore(), { columns, rows });
    const frame = await waitForFrame(app.lastFrame, (f) => f.length > 0);
    const shown = plainLines(frame).filter((l) => l.trim() !== '');
    assert.equal(shown.length, lines, frame);
    assert.equal(
      shown.map((l) => l.trim()).join(' '),
      `${columns}x${rows} is too small: gcdiff needs 40x12; q quits`,
    );
    app.unmount();
  }
});

test('? shows the help overlay and esc closes it', async () => {
  const app = show(sampleStore());
  await waitForFrame(app.lastFrame, (f) => f.includes('STW pause'));
  app.stdin.write('?');
  const help = await waitForFrame(app.lastFrame, (f) => f.includes('gcdiff keys'));
  assert.ok(help.includes('gcdiff keys'));
  assert.ok(help.includes('pause / resume the live view'));
  assert.ok(!help.includes('STW pause'), 'help replaces the charts');
  assert.ok(plainLines(help).length <= 24 && maxWidth(help) <= 80);
  app.stdin.write(ESC);
  const back = await waitForFrame(app.lastFrame, (f) => f.includes('STW pause'));
  assert.ok(!back.includes('gcdiff keys'));
  app.unmount();
});

test('--ascii frames contain only ASCII, in every view', async () => {
  const store = sampleStore();
  store.addOutput('stderr', 'ünïcode “quotes” and a tab\there\n');
  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
    [60, 14],
  ] as const) {
    const app = show(store, { ascii: true, color: true, columns, rows });
    const frames = [await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'))];
    for (const key of ['?', ESC, '\t', '\t', ESC]) {
      app.stdin.write(key);
      await tick();
      frames.push(app.lastFrame() ?? '');
    }
    for (const frame of frames) {
      const plain = plainLines(frame).join('\n');
      const bad = [...plain].filter((ch) => ch !== '\n' && (ch < ' ' || ch > '~'));
      assert.deepEqual(bad, [], `non-ASCII in ${columns}x${rows}`);
    }
    app.unmount();
  }
});

test('NO_COLOR: no ANSI codes without colour; colours with it', async () => {
  const plain = show(sampleStore(), { color: false });
  const a = await waitForFrame(plain.lastFrame, (f) => f.includes('gc 240'));
  assert.ok(!a.includes('\u001b['), 'no escape sequences at all');
  plain.unmount();
  const colored = show(sampleStore(), { color: true });
  const b = await waitForFrame(colored.lastFrame, (f) => f.includes('gc 240'));
  assert.ok(b.includes('\u001b['), 'the same frame with colour has escape sequences');
  colored.unmount();
});

test('moving the cursor changes the detail line; $ returns to live', async () => {
  const app = show(sampleStore());
  const detail = (f: string) => plainLines(f).find((l) => l.startsWith('gc ')) ?? '';
  const first = await waitForFrame(app.lastFrame, (f) => detail(f).startsWith('gc 240 '));
  assert.match(detail(first), /^gc 240 @59\.800s/);
  app.stdin.write(LEFT);
  const moved = await waitForFrame(app.lastFrame, (f) => detail(f).startsWith('gc 239 '));
  assert.match(detail(moved), /^gc 239 @59\.550s/);
  assert.ok(moved.includes('CURSOR'), 'the header says the cursor left live');
  app.stdin.write('H');
  const jumped = await waitForFrame(app.lastFrame, (f) => detail(f).startsWith('gc 229 '));
  assert.match(detail(jumped), /^gc 229 /);
  app.stdin.write('$');
  const live = await waitForFrame(app.lastFrame, (f) => detail(f).startsWith('gc 240 '));
  assert.ok(live.includes('LIVE'));
  app.unmount();
});

test('a mark shows on the chart x-axis at its cycle', async () => {
  const store = sampleStore(30);
  const app = show(store);
  const axis = (f: string) => plainLines(f).find((l) => l.trimStart().startsWith('gc 1└')) ?? '';
  const before = await waitForFrame(app.lastFrame, (f) => axis(f) !== '');
  assert.ok(!axis(before).includes('A'), axis(before));
  store.addMark(1000, 1);
  const after = await waitForFrame(app.lastFrame, (f) => axis(f).includes('A'));
  // Cycle seq 29 is the 30th data column: label (7) + axis char (1) + 29.
  assert.equal(axis(after).indexOf('A'), 8 + 29, axis(after));
  store.addCycle(leakyCycle(30));
  store.addMark(2000, 2);
  const pair = await waitForFrame(app.lastFrame, (f) => axis(f).includes('B'));
  assert.equal(axis(pair).indexOf('A'), 8 + 29);
  assert.equal(axis(pair).indexOf('B'), 8 + 30);
  app.unmount();
});

test('paused: the view stays frozen while cycles keep arriving; p resumes', async () => {
  const store = sampleStore();
  const app = show(store);
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  app.stdin.write('p');
  const paused = await waitForFrame(app.lastFrame, (f) => f.includes('PAUSED'));
  for (let i = 240; i < 260; i++) store.addCycle(leakyCycle(i));
  store.addOutput('stdout', 'a line that arrives while paused\n');
  const later = await waitForFrame(app.lastFrame, (f) => f.includes('+20 cycles'));
  assert.ok(later.includes('PAUSED +20 cycles'), 'the header counts what arrived');
  const body = (f: string) => plainLines(f).slice(2, -2).join('\n');
  assert.equal(body(later), body(paused), 'charts, detail and output did not move');
  assert.ok(!later.includes('gc 260'));
  app.stdin.write('p');
  const resumed = await waitForFrame(app.lastFrame, (f) => f.includes('gc 260'));
  assert.ok(resumed.includes('LIVE'));
  assert.ok(resumed.includes('a line that arrives while paused'));
  app.unmount();
});

test('j/k scroll the output pane; / filters it', async () => {
  const app = show(sampleStore());
  await waitForFrame(app.lastFrame, (f) => f.includes('served 33000'));
  app.stdin.write('k');
  app.stdin.write('k');
  const up = await waitForFrame(app.lastFrame, (f) => !f.includes('served 33000'));
  assert.ok(!up.includes('served 33000 requests'), 'the newest line scrolled out');
  assert.match(up, /↑2/);
  app.stdin.write('G');
  await waitForFrame(app.lastFrame, (f) => f.includes('served 33000'));
  app.stdin.write('/');
  for (const ch of 'slow') app.stdin.write(ch);
  const typing = await waitForFrame(app.lastFrame, (f) => f.includes('/slow'));
  assert.ok(typing.includes('enter apply'));
  app.stdin.write('\r');
  const filtered = await waitForFrame(app.lastFrame, (f) => f.includes('filter "slow"'));
  const outputLines = plainLines(filtered).filter(
    (l) => l.startsWith('  served') || l.startsWith('! '),
  );
  assert.ok(
    outputLines.length > 0 && outputLines.every((l) => l.startsWith('! ')),
    outputLines.join('\n'),
  );
  app.unmount();
});

test('the store is read on the tick: one burst of lines, one frame, and no frame while nothing changes', async () => {
  const store = sampleStore();
  const app = show(store, { tickMs: 20 });
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  await tick(60);
  const settled = app.frames.length;
  await tick(100);
  assert.equal(app.frames.length, settled, 'idle ticks render nothing');
  for (let i = 0; i < 500; i++) store.addOutput('stdout', `burst ${i}\n`);
  await waitForFrame(app.lastFrame, (f) => f.includes('burst 499'));
  assert.ok(
    app.frames.length - settled <= 2,
    `${app.frames.length - settled} frames for 500 lines`,
  );
  app.unmount();
});

test('resize: without explicit columns the dashboard re-lays out on stdout resize', async () => {
  const app = track(
    render(
      <Dashboard
        store={sampleStore()}
        actions={noop}
        ascii={false}
        color={false}
        mode="run"
        sessionDir={null}
        env={{}}
        tickMs={10}
        rows={24}
      />,
    ),
  );
  const stdout = app.stdout as unknown as NodeJS.WriteStream;
  const first = await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  assert.ok(maxWidth(first) <= stdout.columns);
  assert.ok(maxWidth(first) > 60, 'starts wider than it will be');
  Object.defineProperty(stdout, 'columns', { value: 60, configurable: true });
  stdout.emit('resize');
  const narrow = await waitForFrame(app.lastFrame, (f) => maxWidth(f) <= 60);
  assert.ok(maxWidth(narrow) <= 60, `width ${maxWidth(narrow)} after resize`);
  app.unmount();
});

test('keys reach the actions: m marks, r restarts, q quits; q inside the filter is text', async () => {
  const calls: string[] = [];
  const actions = {
    mark: () => calls.push('mark'),
    restart: () => calls.push('restart'),
    quit: () => calls.push('quit'),
  };
  const app = show(sampleStore(), { actions });
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  for (const key of ['m', ' ', 'r', '/', 'q', '\r', 'q']) {
    app.stdin.write(key);
    await tick(15);
  }
  assert.deepEqual(calls, ['mark', 'mark', 'restart', 'quit']);
  app.unmount();
});

/** A real diff source over the profile fixtures, the way a session would supply one. */
function fixtureDiffs(): DiffSource & { requests: DiffRequest[] } {
  const load = (name: string) =>
    decodeProfile(readFileSync(new URL(`../fixtures/profile/${name}.pb.gz`, import.meta.url)));
  const heap = [load('heap-a'), load('heap-b')] as const;
  const goroutine = [load('goroutine-a'), load('goroutine-b')] as const;
  const cache = new Map<string, DiffState>();
  const requests: DiffRequest[] = [];
  return {
    requests,
    get(request) {
      requests.push(request);
      const key = JSON.stringify(request);
      let state = cache.get(key);
      if (!state) {
        const [a, b] = request.sampleType === 'goroutine' ? goroutine : heap;
        const sample = request.sampleType === 'goroutine' ? undefined : request.sampleType;
        try {
          const options = {
            by: request.by,
            ...(sample ? { sample } : {}),
            ...(request.filter ? { filter: request.filter } : {}),
          };
          state = { status: 'ready', diff: diffProfiles(a, b, options) };
        } catch (error) {
          state = { status: 'error', text: String(error) };
        }
        cache.set(key, state);
      }
      return state;
    },
    version: () => 0,
  };
}

test('diff view: opens when B is taken, rows move with j/k, s/g change the request, enter shows stacks', async () => {
  const store = sampleStore(20);
  const diffs = fixtureDiffs();
  const app = show(store, { diffs, columns: 120, rows: 30 });
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 20'));
  store.addMark(1000, 1);
  store.addMark(2000, 2);
  const table = await waitForFrame(app.lastFrame, (f) => f.includes(SAMPLE_LABELS.inuse_space));
  assert.ok(table.includes('A #1') && table.includes('B #2'));
  assert.match(table, /base\s+target\s+delta\s+delta%/);
  assert.ok(plainLines(table).length <= 30 && maxWidth(table) <= 120);
  const selected = (f: string) => plainLines(f).find((l) => l.startsWith('> ')) ?? '';
  const row0 = selected(table);
  assert.ok(row0.length > 0);
  app.stdin.write('j');
  const next = await waitForFrame(app.lastFrame, (f) => selected(f) !== row0);
  assert.notEqual(selected(next), row0, 'j moved the selection');
  app.stdin.write('\r');
  const stacks = await waitForFrame(app.lastFrame, (f) => f.includes('stacks behind'));
  assert.match(stacks, /base .* target /);
  app.stdin.write(ESC);
  await waitForFrame(app.lastFrame, (f) => !f.includes('stacks behind'));
  app.stdin.write('s');
  await waitForFrame(app.lastFrame, (f) => f.includes(SAMPLE_LABELS.inuse_objects));
  app.stdin.write('s');
  const alloc = await waitForFrame(app.lastFrame, (f) => f.includes(SAMPLE_LABELS.alloc_space));
  assert.ok(alloc.includes('allocated between marks'));
  app.stdin.write('g');
  await waitForFrame(app.lastFrame, (f) => f.includes('by line'));
  const last = diffs.requests[diffs.requests.length - 1];
  assert.deepEqual(last, { a: 1, b: 2, sampleType: 'alloc_space', by: 'line', filter: '' });
  app.stdin.write(ESC);
  const charts = await waitForFrame(app.lastFrame, (f) => f.includes('STW pause'));
  assert.ok(charts.includes('STW pause'));
  app.stdin.write('d');
  await waitForFrame(app.lastFrame, (f) => f.includes('by line'));
  app.unmount();
});

test('diff rows: from 110 columns the cum delta too, so a caller whose flat values did not change is not a row of zeros', () => {
  const load = (name: string) =>
    decodeProfile(readFileSync(new URL(`../fixtures/profile/${name}.pb.gz`, import.meta.url)));
  const diff = diffProfiles(load('heap-a'), load('heap-b'), { by: 'func' });
  const caller = diff.rows.findIndex((r) => r.flat.delta === 0 && r.cum.delta !== 0);
  assert.ok(caller >= 0, 'the fixture has a caller that only grew below it');
  const row = diff.rows[caller]!;
  const cells = (width: number) => diffRowText(diff, caller, width).trim().split(/ +/);
  assert.equal(cells(120)[4], formatValue(diff.unit, row.cum.delta, true));
  assert.equal(cells(120)[5], row.name);
  assert.equal(cells(80)[4], row.name, 'no cum column at 80');
  assert.deepEqual(numberColumns(80), ['base', 'target', 'delta', 'delta%']);
  assert.deepEqual(numberColumns(CUM_MIN_WIDTH).at(-1), 'cum delta');
});

test('fitLabel: the explanation goes first, then all but the name', () => {
  const label = SAMPLE_LABELS.inuse_objects;
  assert.equal(fitLabel(label, 200), label);
  assert.equal(fitLabel(label, label.length), label);
  assert.equal(fitLabel(label, label.length - 1), 'inuse objects: retained growth');
  assert.equal(fitLabel(label, 29), 'inuse objects');
  assert.equal(fitLabel(label, 3), 'inuse objects', 'the name, cut by the frame if need be');
});

test('diff view at 80 columns: the heading keeps `by func`, shortening the sample label to fit', async () => {
  const store = sampleStore(20);
  const app = show(store, { diffs: fixtureDiffs(), columns: 80, rows: 24 });
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 20'));
  store.addMark(1000, 1);
  store.addMark(2000, 2);
  const table = await waitForFrame(app.lastFrame, (f) => f.includes('retained growth'));
  const heading = plainLines(table).find((l) => l.includes('A #1')) ?? '';
  assert.match(heading, /inuse space: retained growth {2}by func$/);
  assert.ok(!table.includes('(live bytes at B minus A)'), 'no room for the explanation');
  assert.ok(maxWidth(table) <= 80);
  app.stdin.write('s');
  const objects = await waitForFrame(app.lastFrame, (f) => f.includes('inuse objects'));
  const heading2 = plainLines(objects).find((l) => l.includes('A #1')) ?? '';
  assert.match(heading2, /inuse objects(: retained growth)? {2}by func$/, 'by func still there');
  // With a filter too, the marks drop their times so that the filter stays whole. The keys
  // arrive in one read, as typing does over a slow SSH link.
  app.stdin.write('/main.re*\r');
  const filtered = await waitForFrame(app.lastFrame, (f) => f.includes('filter "main.re*"'));
  const heading3 = plainLines(filtered).find((l) => l.includes('A #1')) ?? '';
  assert.match(
    heading3,
    /^A #1 gc \d+ → B #2 gc \d+ {2}inuse objects {2}by func {2}filter "main\.re\*"$/,
  );
  assert.ok(maxWidth(filtered) <= 80);
  app.unmount();
});

test('diff view: loading and error states, and a session without diffs', async () => {
  const store = sampleStore(20);
  let state: DiffState = { status: 'loading', text: 'capturing B…' };
  let version = 0;
  const diffs: DiffSource = { get: () => state, version: () => version };
  const app = show(store, { diffs });
  store.addMark(1000, 1);
  store.addMark(2000, 2);
  await waitForFrame(app.lastFrame, (f) => f.includes('capturing B'));
  state = { status: 'error', text: 'mark B has no heap profile' };
  version++;
  const failed = await waitForFrame(app.lastFrame, (f) => f.includes('no heap profile'));
  assert.ok(failed.includes('error: mark B has no heap profile'));
  app.unmount();
  const without = show(sampleStore(20));
  await waitForFrame(without.lastFrame, (f) => f.includes('gc 20'));
  without.stdin.write('d');
  const notice = await waitForFrame(without.lastFrame, (f) => f.includes('no diff yet'));
  assert.ok(notice.includes('no diff yet'));
  without.unmount();
});

test('paced: a stream of cycles waits for the budget, a status message draws at once', async () => {
  const store = sampleStore();
  const pacer = new RefreshPacer({ budget: 0.001, maxIntervalMs: 60_000 });
  const app = show(store, { pacer });
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  pacer.refreshed(performance.now());
  pacer.recordCost(100);
  store.addCycle(leakyCycle(240));
  await tick(200);
  assert.ok(!(app.lastFrame() ?? '').includes('gc 241'), 'data alone waits');
  store.setStatus({ kind: 'info', text: 'hello from the pacer test' });
  const frame = await waitForFrame(app.lastFrame, (f) => f.includes('hello from the pacer test'));
  assert.ok(frame.includes('hello from the pacer test'), 'the status draws on the next tick');
  assert.ok(frame.includes('gc 241'), 'with the data that waited');
  app.unmount();
});

test('unpaced (pacer null): every changed tick draws', async () => {
  const store = sampleStore();
  const app = show(store, { pacer: null });
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  store.addCycle(leakyCycle(240));
  const frame = await waitForFrame(app.lastFrame, (f) => f.includes('gc 241'));
  assert.ok(frame.includes('gc 241'));
  app.unmount();
});

test('an error longer than the width goes on over a second status row; the frame keeps its height', async () => {
  const store = sampleStore();
  const app = show(store);
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  const before = plainLines(app.lastFrame() ?? '').length;
  const text =
    'mark A-1 failed: no pprof endpoint: none found on the program\'s loopback sockets (import _ "net/http/pprof" and serve it, or pass --pprof)';
  store.setStatus({ kind: 'error', text });
  const frame = await waitForFrame(app.lastFrame, (f) => f.includes('or pass --pprof'));
  const lines = plainLines(frame);
  assert.equal(lines.length, before, 'the second row is taken from the views above');
  const at = lines.findIndex((l) => l.startsWith('error: mark A-1 failed'));
  assert.ok(at >= 0, frame);
  const joined = `${lines[at]?.slice('error: '.length)} ${lines[at + 1]?.trimEnd()}`;
  assert.equal(joined.slice(0, text.length), text);
  // Then nothing, or whole mark entries on the right.
  assert.match(joined.slice(text.length), /^(?: {2,}[AB*] #\d+ gc \d+ \w+)*$/);
  assert.ok(lines.every((l) => l.length <= 80));
  // A short error keeps one row.
  store.setStatus({ kind: 'error', text: 'mark B-2 failed: timed out' });
  const short = await waitForFrame(app.lastFrame, (f) => f.includes('timed out'));
  assert.equal(plainLines(short).length, before);
  assert.ok(!short.includes('or pass --pprof'));
  app.unmount();
});

test('GC cycles view: whole columns only, the cpu breakdown first to go on narrow screens', async () => {
  for (const [columns, rows, heads] of [
    [80, 24, ['gc', '@s', 'STW', 'heap MiB', 'goal', 'clock ms', 'P', 'flags']],
    [
      200,
      50,
      [
        'gc',
        '@s',
        'STW',
        'heap MiB',
        'goal',
        'clock ms',
        'cpu ms (assist/bg/idle)',
        'cum',
        'P',
        'stk',
        'glb',
        'flags',
      ],
    ],
  ] as const) {
    const app = show(sampleStore(), { columns, rows });
    await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
    app.stdin.write('\t');
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('clock ms'));
    const lines = plainLines(frame);
    const head = lines.find((l) => l.includes('clock ms')) ?? '';
    for (const h of heads) assert.ok(head.includes(` ${h}`), `${h} in ${head}`);
    assert.ok(head.trimEnd().endsWith('flags'), head);
    if (columns === 80) assert.ok(!head.includes('cpu ms') && !head.includes('cum'), head);
    assert.ok(lines.every((l) => l.length <= columns));
    app.unmount();
  }
});
