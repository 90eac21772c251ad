/**
 * Mark B → diff drawn on screen, on the large heap profile pair of profile-diff.bench.ts
 * (150k samples, 60k locations, 30k functions, in bench/out/), leaving out the forced GC and
 * the fetch. In-process: a TimelineStore with some cycles and mark A, the real Dashboard with
 * the real ProfileDiffSource rendered by ink-testing-library at 200×50 (default 100 ms tick);
 * mark B is added (capturing), and the clock starts when its capture is recorded as done with
 * both profile files on disk; it stops when the frame shows the diff's top row. Anchor, same
 * run: `go tool pprof -top -base` on the same pair. Target: ≤ 1 s.
 */
import '../test/helpers/ink-test-env.js';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { diffProfiles } from '../source/core/profile/diff.js';
import { TraceIngest } from '../source/core/timeline/ingest.js';
import { TimelineStore } from '../source/core/timeline/store.js';
import { ProfileDiffSource } from '../source/io/diff-source.js';
import { readProfileFile } from '../source/io/profile-file.js';
import { Dashboard } from '../source/ui/dashboard.js';
import { OUT_DIR, ROOT } from './lib/gcdiff.js';
import { fmtMs, median, note, QUICK, sleep } from './lib/stats.js';
import { traceChunks } from './lib/trace-lines.js';
import { type BenchResult, medianMs } from './result.js';

const run = promisify(execFile);
const PAIR = ['a', 'b'].map((v) => path.join(OUT_DIR, `heap-large-v1-${v}.pb.gz`)) as [
  string,
  string,
];
const RUNS = QUICK ? 3 : 5;
const COLUMNS = 200;
const ROWS = 50;

/** The pair is made by profile-diff.bench.ts; run it once when the files are missing. */
async function ensurePair(): Promise<void> {
  if (PAIR.every((f) => existsSync(f))) return;
  note('the large profile pair is missing: running profile-diff.bench.ts once to generate it ...');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'bench', 'index.ts'), 'profile-diff'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`profile-diff bench exited ${code}`)),
    );
  });
  if (!PAIR.every((f) => existsSync(f)))
    throw new Error('profile-diff.bench.ts did not write the pair');
}

function storeWithCycles(): TimelineStore {
  const store = new TimelineStore();
  const ingest = new TraceIngest(store);
  for (const chunk of traceChunks(2000)) ingest.chunk('stderr', chunk.text, chunk.lastN);
  return store;
}

async function waitFrame(
  frame: () => string | undefined,
  ok: (f: string) => boolean,
  timeoutMs: number,
): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const f = frame() ?? '';
    if (ok(f)) return f;
    if (performance.now() > deadline) throw new Error(`timed out; last frame:\n${f}`);
    await sleep(2);
  }
}

/** One mark B → drawn diff, in ms. */
async function markToDiff(topRow: string): Promise<number> {
  const store = storeWithCycles();
  const a = store.addMark(1000, 1);
  store.updateMark(a.id, {
    status: 'ok',
    files: { heap: PAIR[0], goroutine: null, heapdump: null },
  });
  const diffs = new ProfileDiffSource(store);
  const app = render(
    createElement(Dashboard, {
      store,
      actions: { mark() {}, restart() {}, quit() {} },
      ascii: false,
      color: true,
      mode: 'run',
      sessionDir: '/tmp/gcdiff-bench',
      env: {},
      columns: COLUMNS,
      rows: ROWS,
      diffs,
    }),
  );
  try {
    await waitFrame(app.lastFrame, (f) => f.includes('STW pause'), 10_000);
    const b = store.addMark(2000, 2);
    await waitFrame(app.lastFrame, (f) => f.includes('capturing'), 10_000);
    const start = performance.now();
    store.updateMark(b.id, {
      status: 'ok',
      files: { heap: PAIR[1], goroutine: null, heapdump: null },
    });
    await waitFrame(app.lastFrame, (f) => f.includes(topRow), 60_000);
    return performance.now() - start;
  } finally {
    app.unmount();
  }
}

export default async function bench(): Promise<BenchResult[]> {
  await ensurePair();
  const [a, b] = PAIR;
  // The row the frame must show: the largest |flat delta| by function, inuse_space (the view's default).
  const reference = diffProfiles(await readProfileFile(a), await readProfileFile(b), {
    by: 'func',
    sample: 'inuse_space',
  });
  const top = reference.rows[0];
  if (!top) throw new Error('the pair has no diff rows');
  const topRow = top.name.slice(top.name.lastIndexOf('/') + 1);

  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ms = await markToDiff(topRow);
    times.push(ms);
    note(`mark B → diff drawn, run ${i + 1}/${RUNS}${i === 0 ? ' (cold)' : ''}: ${fmtMs(ms)}`);
  }
  // Where the time goes: the parts, measured alone.
  const readMs = await medianMs(3, async () =>
    Promise.all([readProfileFile(a), readProfileFile(b)]),
  );
  const readBMs = await medianMs(3, () => readProfileFile(b));
  const [ma, mb] = await Promise.all([readProfileFile(a), readProfileFile(b)]);
  const diffMs = await medianMs(3, () =>
    diffProfiles(ma, mb, { by: 'func', sample: 'inuse_space' }),
  );
  const pprofMs = await medianMs(3, () =>
    run('go', ['tool', 'pprof', '-top', '-base', a, b], { maxBuffer: 1 << 28 }),
  );
  const value = median(times);
  note(
    `  parts, measured alone: read+decode both ${fmtMs(readMs)} (B alone ${fmtMs(readBMs)}), diffProfiles ${fmtMs(diffMs)}, the rest (ticks, render) ≈ ${fmtMs(value - readMs - diffMs)}`,
  );
  return [
    {
      name: `mark B → diff drawn (ProfileDiffSource + Dashboard, ink-testing-library 200x50, 100 ms tick), 150k-sample pair, median of ${RUNS} (cold ${fmtMs(times[0] ?? Number.NaN)})`,
      anchor: 'go tool pprof -top -base',
      value: fmtMs(value),
      anchorValue: fmtMs(pprofMs),
      ratio: value / pprofMs,
      ratioMeaning: 'time vs anchor, lower is better',
      target: '≤ 1 s',
      met: value <= 1000,
    },
  ];
}
