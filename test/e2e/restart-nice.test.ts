/**
 * `r` in a real terminal restarts the program as a new process epoch, and gcdiff gives the
 * CPU way to the program: its threads run at nice 10 (Linux), the main thread and the helpers
 * Node started (V8's collector and compiler, libuv's pool) alike, while the program, the first
 * one and every restart, runs at the nice value gcdiff itself started with (it is spawned from
 * the one thread left at that value).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DashboardRun, waitFor } from '../helpers/dashboard.js';
import { buildGoProgram, type GoBuild } from '../helpers/go-build.js';
import { tmuxAvailable } from '../helpers/tmux.js';

const skip = !tmuxAvailable()
  ? 'tmux is not installed'
  : process.platform !== 'linux'
    ? 'per-thread nice values are Linux'
    : false;

/** Field 19 of /proc/<pid>/task/<tid>/stat: the nice value of one thread. */
function niceOf(pid: number, tid = pid): number {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function metaPid(session: string): number | null {
  try {
    const meta = JSON.parse(readFileSync(path.join(session, 'meta.json'), 'utf8'));
    return typeof meta.pid === 'number' ? meta.pid : null;
  } catch {
    return null;
  }
}

let gcstorm: GoBuild;

describe('r restarts the program; gcdiff runs at nice 10, the program at gcdiff’s own', {
  skip,
}, () => {
  before(async () => {
    gcstorm = await buildGoProgram('benchprogs/gcstorm');
  });
  after(async () => {
    await gcstorm?.cleanup();
  });

  it('first child and restarted child keep the starting nice; gcdiff’s threads are niced', async (t) => {
    const run = new DashboardRun({
      columns: 100,
      rows: 30,
      childArgv: [gcstorm.binary, '-rate', '50'],
    });
    t.after(() => run.cleanup());
    await run.start();
    const first = await run.childPid();
    const gcdiff = parentOf(first);
    const start = niceOf(first);
    t.diagnostic(
      `gcdiff ${gcdiff} main thread nice ${niceOf(gcdiff)}; child ${first} nice ${start}`,
    );
    const niced = Math.min(19, Math.max(start, 10));
    assert.equal(niceOf(gcdiff), niced, 'gcdiff’s main thread');
    // Every other thread too, but the one that spawns the program.
    const threads = readdirSync(`/proc/${gcdiff}/task`).map((tid) => niceOf(gcdiff, Number(tid)));
    t.diagnostic(`gcdiff thread nice values: ${threads.join(' ')}`);
    assert.ok(threads.length >= 4, `${threads.length} threads`);
    assert.equal(threads.filter((n) => n !== niced).length, 1, threads.join(' '));
    await run.tmux.waitFor((s) => /\b\d+ cycles\b/.test(s), 30_000, 'cycles on screen');

    run.tmux.sendKeys('r');
    const second = await waitFor(
      () => {
        const pid = metaPid(run.session);
        return pid !== null && pid !== first ? pid : null;
      },
      20_000,
      'a new child pid in meta.json after r',
    );
    assert.equal(niceOf(second), start, 'the restarted child runs at the starting nice, not 10');
    assert.equal(parentOf(second), gcdiff, 'started by the same gcdiff');
    const screen = await run.tmux.waitFor(
      (s) => s.includes(`pid ${second}`),
      20_000,
      'the new pid in the header',
    );
    t.diagnostic(screen.split('\n')[0] ?? '');
    // The restarted program's cycles are a new process epoch in the session.
    await waitFor(
      () =>
        readFileSync(path.join(run.session, 'cycles.jsonl'), 'utf8')
          .split('\n')
          .some((line) => line.includes('"process":1')) || null,
      20_000,
      'cycles of process epoch 1 in cycles.jsonl',
    );
    run.tmux.sendKeys('q');
    await run.waitForGcdiffExit();
  });
});
