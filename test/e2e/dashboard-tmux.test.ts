/**
 * The live dashboard in a real terminal (tmux) around a real Go program (demo/waves):
 * charts and a growing cycle count at 80×24 and 200×50, two marks open the diff view,
 * esc goes back, ? shows the help, q quits and leaves the terminal as it found it,
 * with no process of the child's group left and a valid session directory.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { childGroupLeft, DashboardRun, headerGcCount, readSession } from '../helpers/dashboard.js';
import { buildGoProgram, type GoBuild } from '../helpers/go-build.js';
import { listProcesses, waitUntilGone } from '../helpers/processes.js';
import { tmuxAvailable } from '../helpers/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

let waves: GoBuild;

const sizes: { columns: number; rows: number; env: Record<string, string | null> }[] = [
  // Ink draws nothing until it unmounts when it believes it runs in CI; gcdiff hides CI
  // from Ink on a terminal. One size runs with CI=true, the other with no CI at all.
  { columns: 80, rows: 24, env: { CI: 'true' } },
  { columns: 200, rows: 50, env: { CI: null, CONTINUOUS_INTEGRATION: null } },
];

describe('dashboard in tmux around demo/waves', { skip, concurrency: true }, () => {
  before(async () => {
    waves = await buildGoProgram('waves');
  });
  after(async () => {
    await waves?.cleanup();
  });

  for (const size of sizes) {
    it(`${size.columns}×${size.rows} (CI=${size.env.CI ?? 'unset'}): charts, marks, diff, help, q restores`, async (t) => {
      const run = new DashboardRun({
        columns: size.columns,
        rows: size.rows,
        childArgv: [waves.binary],
        env: size.env,
      });
      t.after(() => run.cleanup());
      await run.start();
      const child = await run.childPid();
      await run.tmux.waitForPane('alternate_on', '1', 30_000);

      // Charts with their labels and axes, and a cycle count that grows.
      const first = await run.tmux.waitFor(
        (s) =>
          s.includes('STW pause') &&
          s.includes('heap live') &&
          s.includes('GC CPU') &&
          /┤/.test(s) &&
          (headerGcCount(s) ?? 0) >= 2,
        45_000,
        'the charts and a few cycles',
      );
      const rows = first.split('\n');
      assert.ok(rows.length <= size.rows, `the frame fits the screen:\n${first}`);
      assert.match(rows[0] ?? '', /gcdiff run/, 'the header is on the first row');
      assert.ok(first.includes(path.basename(waves.binary)), 'the header names the program');
      const gcBefore = headerGcCount(first) ?? 0;
      const later = await run.tmux.waitFor(
        (s) => (headerGcCount(s) ?? 0) >= gcBefore + 3,
        30_000,
        `the cycle count to grow past ${gcBefore}`,
      );
      assert.ok((headerGcCount(later) ?? 0) > gcBefore);

      // m, wait, m: the diff view opens after B.
      await run.tmux.waitFor(
        (s) => /pprof http:\/\/127\.0\.0\.1:\d+/.test(s),
        30_000,
        'pprof endpoint found',
      );
      run.tmux.sendKeys('m');
      await run.tmux.waitFor((s) => /mark A/.test(s), 30_000, 'mark A taken');
      await new Promise((r) => setTimeout(r, 1500));
      run.tmux.sendKeys('m');
      const diff = await run.tmux.waitFor(
        (s) => s.includes('retained growth') && /\bdelta\b/.test(s),
        45_000,
        'the diff view',
      );
      assert.match(diff, /A #1 .*→ B #2/, 'the diff compares A with B');
      assert.doesNotMatch(diff, /STW pause/, 'the diff view replaces the charts');

      run.tmux.sendKeys('Escape');
      await run.tmux.waitFor(
        (s) => s.includes('STW pause') && !s.includes('retained growth'),
        15_000,
        'charts after esc',
      );

      run.tmux.sendKeys('?');
      const help = await run.tmux.waitFor((s) => s.includes('gcdiff keys'), 15_000, 'the help');
      assert.match(help, /quit/);
      assert.match(help, /mark/);
      run.tmux.sendKeys('Escape');
      await run.tmux.waitFor(
        (s) => !s.includes('gcdiff keys') && s.includes('STW pause'),
        15_000,
        'help closed',
      );

      const gcdiff = await run.gcdiffPid();
      run.tmux.sendKeys('q');
      const exit = await run.waitForGcdiffExit(20_000);
      assert.equal(exit.code, 0, `gcdiff exit code (signal ${exit.signal})`);

      // The terminal is as it was: main screen, cursor visible, the goodbye line.
      assert.equal(run.tmux.paneVar('alternate_on'), '0', 'left the alternate screen');
      assert.equal(run.tmux.paneVar('cursor_flag'), '1', 'the cursor is visible again');
      const screen = run.tmux.screen();
      assert.ok(screen.includes(`session saved in ${run.session}`), screen);
      assert.doesNotMatch(screen, /STW pause/, 'no dashboard frame left on the main screen');

      // gcdiff waited for the group before it exited: nothing may be left, not even briefly.
      assert.deepEqual(childGroupLeft(child), [], `no process of the child's group ${child}`);
      assert.deepEqual(run.leftovers(), [], 'no process this run started is left');
      const gcdiffLeft = () => listProcesses().filter((p) => p.pid === gcdiff && p.state !== 'Z');
      assert.deepEqual(await waitUntilGone(gcdiffLeft, 5000), [], 'gcdiff itself is gone');

      const files = readSession(run.session);
      assert.equal(files.meta.pid, child);
      assert.deepEqual(files.meta.command, [waves.binary]);
      assert.ok(typeof files.meta.endedAt === 'string', 'meta.json records the end');
      assert.ok(files.cycles.length >= gcBefore, `${files.cycles.length} cycles recorded`);
      assert.deepEqual(
        files.cycles.map((c) => c.n),
        files.cycles.map((_, i) => i + 1),
        'cycles 1..N in order',
      );
      assert.ok(
        files.events.some((e) => e.type === 'mark'),
        'the marks are in events.jsonl',
      );
      const marks = readdirSync(path.join(run.session, 'marks')).sort();
      assert.equal(marks.length, 2, `two mark directories: ${marks.join(', ')}`);
      for (const mark of marks) {
        assert.ok(existsSync(path.join(run.session, 'marks', mark, 'heap.pb.gz')), mark);
      }
    });
  }
});
