/** @jsxRuntime automatic */
import '../helpers/ink-test-env.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, test } from 'node:test';
import { render } from 'ink-testing-library';
import type { GraphReport } from '../../source/core/heap/analysis.js';
import { decodeProfile } from '../../source/core/profile/decode.js';
import { diffProfiles } from '../../source/core/profile/diff.js';
import type { TimelineStore } from '../../source/core/timeline/store.js';
import { HeapGraphSource } from '../../source/io/graph-source.js';
import type { GraphProgress } from '../../source/io/graph-worker.js';
import { Dashboard, type DashboardProps } from '../../source/ui/dashboard.js';
import type { DiffSource, DiffState } from '../../source/ui/diff-view.js';
import { maxWidth, plainLines, tick, waitForFrame } from './frame-helpers.js';
import { sampleStore } from './sample-session.js';

const report = JSON.parse(
  readFileSync(new URL('../fixtures/heap/families-graph.json', import.meta.url), 'utf8'),
) as GraphReport;

const ESC = '\u001b';
const ENTER = '\r';
const TAB = '\t';

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  for (const app of mounted.splice(0)) app.unmount();
});

/** The real heap profiles of the same demo/families marks, diffed as the session would. */
function familiesDiffs(): DiffSource {
  const load = (name: string) =>
    decodeProfile(readFileSync(new URL(`../fixtures/heap/${name}.heap.pb.gz`, import.meta.url)));
  const [a, b] = [load('families-a'), load('families-b')];
  const cache = new Map<string, DiffState>();
  return {
    get(request) {
      const key = JSON.stringify(request);
      let state = cache.get(key);
      if (!state) {
        const sample = request.sampleType === 'goroutine' ? 'inuse_space' : request.sampleType;
        state = { status: 'ready', diff: diffProfiles(a, b, { by: request.by, sample }) };
        cache.set(key, state);
      }
      return state;
    },
    version: () => 0,
  };
}

/** A store whose two marks have snapshots (heap dumps unless `dumps` is false). */
function storeWithMarks(dumps = true): TimelineStore {
  const store = sampleStore();
  for (const m of store.getMarks()) {
    store.updateMark(m.id, {
      files: {
        heap: `/s/marks/${m.label}-${m.id}/heap.pb.gz`,
        goroutine: null,
        heapdump: dumps ? `/s/marks/${m.label}-${m.id}/heapdump` : null,
      },
    });
  }
  return store;
}

/** A graph source whose analysis the test finishes by hand. */
function controlledGraphs(store: TimelineStore) {
  const calls: string[] = [];
  let progress: (p: GraphProgress) => void = () => {};
  let finish: (r: GraphReport) => void = () => {};
  const graphs = new HeapGraphSource(
    store,
    () => '/s/binary',
    (a, b, binary, onProgress) => {
      calls.push(`${a} ${b} ${binary}`);
      progress = onProgress ?? (() => {});
      return new Promise<GraphReport>((resolve) => {
        finish = resolve;
      });
    },
  );
  return {
    graphs,
    calls,
    progress: (p: GraphProgress) => progress(p),
    finish: () => finish(report),
  };
}

function show(store: TimelineStore, props: Partial<DashboardProps>) {
  const app = render(
    <Dashboard
      store={store}
      actions={{ mark() {}, restart() {}, quit() {} }}
      ascii={true}
      color={false}
      mode="run"
      sessionDir="/s"
      env={{}}
      tickMs={10}
      {...props}
    />,
  );
  mounted.push(app);
  return app;
}

function assertFits(frame: string, columns: number, rows: number): void {
  const lines = plainLines(frame);
  assert.ok(lines.length <= rows, `${lines.length} lines > ${rows}`);
  assert.ok(maxWidth(frame) <= columns, `width ${maxWidth(frame)} > ${columns}`);
  for (const line of lines) assert.match(line, /^[\x20-\x7e]*$/, `ASCII only: ${line}`);
}

for (const [columns, rows] of [
  [80, 24],
  [200, 50],
] as const) {
  test(`${columns}x${rows}: progress, then the retention path under main.newFamily's stacks`, async () => {
    const store = storeWithMarks();
    const g = controlledGraphs(store);
    const app = show(store, { diffs: familiesDiffs(), graphs: g.graphs, columns, rows });
    await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
    app.stdin.write('d');
    const table = await waitForFrame(app.lastFrame, (f) => f.includes('main.newFamily'));
    const selected = plainLines(table).find((l) => l.startsWith('> ')) ?? '';
    assert.match(selected, /main\.newFamily$/, 'the leak is the first row');
    assert.deepEqual(g.calls, ['/s/marks/A-1/heapdump /s/marks/B-2/heapdump /s/binary']);

    g.progress({ phase: 'read-b', bytesRead: 12_300_000, totalBytes: 41_000_000 });
    app.stdin.write(ENTER);
    const loading = await waitForFrame(app.lastFrame, (f) => f.includes('12.3 of 41.0 MB'));
    assert.ok(loading.includes('stacks behind main.newFamily'));
    assert.ok(loading.includes('why alive: main.newFamily'));
    assert.match(loading, /heap graph: reading heap dump B, 12\.3 of 41\.0 MB read \(30%\)/);
    const status = plainLines(loading).at(-2) ?? '';
    assert.match(status, /^[|/\\-] heap graph: reading heap dump B/, 'the status line too');
    assertFits(loading, columns, rows);

    g.finish();
    const ready = await waitForFrame(app.lastFrame, (f) =>
      f.includes('root global main.households'),
    );
    const lines = plainLines(ready);
    const why = lines.findIndex((l) => l.startsWith('why alive: main.newFamily'));
    assert.ok(why > 0, 'the panel heading');
    assert.match(lines[why] ?? '', /1,000 new objects +139KiB +retains 142KiB/);
    assert.match(lines[why + 1] ?? '', /^ +0 root global main\.households$/);
    const object = lines.findIndex((l) =>
      / obj +\+0x28 -> main\.newFamily object \(448B\)$/.test(l),
    );
    assert.ok(object > why + 1, 'the path ends at the new object, ASCII arrow');
    assert.ok(
      lines.some((l) => /main\.newFamily .*main\.go:\d+/.test(l)),
      'the stacks are still shown',
    );
    assertFits(ready, columns, rows);
    app.stdin.write(ESC);
    const back = await waitForFrame(app.lastFrame, (f) => !f.includes('why alive'));
    assert.ok(!back.includes('why alive'));
  });

  test(`${columns}x${rows}: the reference-cycles view lists groups and opens an example path`, async () => {
    const store = storeWithMarks();
    const g = controlledGraphs(store);
    const app = show(store, { diffs: familiesDiffs(), graphs: g.graphs, columns, rows });
    await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
    app.stdin.write('d');
    await waitForFrame(app.lastFrame, (f) => f.includes('main.newFamily'));
    app.stdin.write(TAB);
    const loading = await waitForFrame(app.lastFrame, (f) => f.includes('reference cycles with'));
    assert.match(loading, /heap graph: /, 'progress while the analysis runs');
    assertFits(loading, columns, rows);
    g.finish();
    const list = await waitForFrame(app.lastFrame, (f) => f.includes('member allocation sites'));
    const lines = plainLines(list);
    assert.match(
      lines.find((l) => l.startsWith('> ')) ?? '',
      /1,000 +1,000 +139KiB +200 +main\.newFamily$/,
    );
    // Whole at either width: the long form where it fits, else the short one.
    const count = (lines.find((l) => l.includes('3 groups with new objects')) ?? '').trim();
    assert.match(
      count,
      columns >= 100
        ? /^3 groups with new objects pointing at each other; all objects new in B: [\d,]+, [\d.]+[KMG]?i?B$/
        : /^3 groups with new objects; all new in B: [\d,]+ objects, [\d.]+[KMG]?i?B$/,
    );
    assert.ok(list.includes('tab charts'), 'the key bar names the next view');
    assert.ok(!list.includes('GC cycles'), 'never called GC cycles');
    assertFits(list, columns, rows);
    app.stdin.write(ENTER);
    const example = await waitForFrame(app.lastFrame, (f) => f.includes('example cycle'));
    assert.match(example, /example cycle +5 objects, 712B; path from a root:/);
    assert.match(example, /0 root global main\.households/);
    assertFits(example, columns, rows);
    app.stdin.write('j');
    const second = await waitForFrame(app.lastFrame, (f) => f.includes('deferred call'));
    assert.match(plainLines(second).find((l) => l.startsWith('> ')) ?? '', /context\./);
    assertFits(second, columns, rows);
  });
}

test('without heap dumps: the panel and the reference-cycles view say so plainly', async () => {
  const store = storeWithMarks(false);
  const g = controlledGraphs(store);
  const app = show(store, { diffs: familiesDiffs(), graphs: g.graphs, columns: 80, rows: 24 });
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  app.stdin.write('d');
  await waitForFrame(app.lastFrame, (f) => f.includes('main.newFamily'));
  app.stdin.write(ENTER);
  const panel = await waitForFrame(app.lastFrame, (f) => f.includes('why alive'));
  assert.ok(panel.includes('no heap dumps at these marks (run with --heapdump --precise)'));
  app.stdin.write(TAB);
  const refs = await waitForFrame(app.lastFrame, (f) => f.includes('reference cycles with'));
  assert.ok(refs.includes('no heap dumps at these marks (run with --heapdump --precise)'));
  assert.deepEqual(g.calls, [], 'nothing to analyse');
  assertFits(refs, 80, 24);
});

test('replay: m picks the recorded marks at the cursor and opens their diff; no r restart', async () => {
  const store = storeWithMarks();
  const picked: unknown[] = [];
  const app = show(store, {
    mode: 'replay',
    diffs: familiesDiffs(),
    actions: { mark: (seq) => picked.push(seq), restart() {}, quit() {} },
    columns: 80,
    rows: 24,
  });
  const charts = await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  assert.ok(charts.includes('m pick mark'));
  assert.ok(!charts.includes('restart'), 'nothing to restart in a replay');
  // Marks were recorded at cycles 150 (#1) and 210 (#2); the cursor starts at 239.
  for (let i = 0; i < 5; i++) {
    app.stdin.write('H'); // 10 cycles each: cursor 189, and #1 is at or before it
    await tick();
  }
  app.stdin.write('m');
  const a = await waitForFrame(app.lastFrame, (f) => f.includes('picked A'));
  assert.match(a, /picked A: recorded mark #1 \(gc 151\)/);
  app.stdin.write('$');
  await tick();
  app.stdin.write('m');
  const diff = await waitForFrame(app.lastFrame, (f) => f.includes('picked B'));
  assert.match(diff, /picked B: recorded mark #2 \(gc 211\)/);
  assert.match(diff, /A #1 \(gc 151, 35\.1s\) -> B #2 \(gc 211, 50\.1s\)/);
  assert.ok(diff.includes('main.newFamily'));
  assert.deepEqual(picked, [], 'a replay captures nothing');
  assertFits(diff, 80, 24);
});

test('replay without recorded snapshots: m says so', async () => {
  const store = sampleStore();
  const app = show(store, { mode: 'replay', columns: 80, rows: 24 });
  await waitForFrame(app.lastFrame, (f) => f.includes('gc 240'));
  app.stdin.write('m');
  const frame = await waitForFrame(app.lastFrame, (f) => f.includes('no recorded snapshots'));
  assert.ok(frame.includes('no recorded snapshots'));
});
