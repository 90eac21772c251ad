/**
 * Abnormal exits, on both sides, with the real dashboard in tmux around a real Go
 * program (demo/testprogs/crashy):
 *
 * - the child crashes, panics, exits 3 or is killed: the dashboard stays up and says so;
 *   q then restores the terminal;
 * - gcdiff gets SIGTERM, SIGINT or SIGHUP (the pane is closed): the terminal is restored
 *   where there still is one, no process of the child's group is left, and the session
 *   files are complete;
 * - gcdiff is SIGKILLed: its watchdog ends the child's group;
 * - the same child exits without a terminal: exit code 1 and the summary.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import {
  childGroupLeft,
  DashboardRun,
  headerGcCount,
  processesRunning,
  readSession,
} from '../helpers/dashboard.js';
import { buildGoProgram, type GoBuild } from '../helpers/go-build.js';
import { groupMembers, waitUntilGone } from '../helpers/processes.js';
import { tmuxAvailable } from '../helpers/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

let crashy: GoBuild;
let runs = 0;

before(async () => {
  crashy = await buildGoProgram('testprogs/crashy');
});
after(async () => {
  await crashy?.cleanup();
});

/** Starts the dashboard around crashy and waits until it charts a few cycles. */
async function dashboard(
  t: { after(fn: () => void): void },
  mode: string,
  options: { ci?: boolean; hold?: boolean; holderIgnoresHangup?: boolean } = {},
): Promise<{ run: DashboardRun; child: number; tag: string }> {
  const tag = `t${process.pid}-${++runs}`;
  const run = new DashboardRun({
    // Wide enough for the whole header: a long command pushes the state out of it.
    columns: 120,
    rows: 30,
    childArgv: [crashy.binary, '-mode', mode, '-tag', tag],
    env: options.ci ? { CI: 'true' } : { CI: null },
    hold: options.hold ?? true,
    holderIgnoresHangup: options.holderIgnoresHangup ?? false,
  });
  t.after(() => run.cleanup());
  await run.start();
  const child = await run.childPid();
  await run.tmux.waitFor(
    (s) => s.includes('STW pause') && (headerGcCount(s) ?? 0) >= 2,
    45_000,
    'the charts and a few cycles',
  );
  return { run, child, tag };
}

/** The terminal is back: main screen, visible cursor, the goodbye line. */
function assertRestored(run: DashboardRun): void {
  const screen = run.tmux.screen();
  assert.equal(run.tmux.paneVar('alternate_on'), '0', `left the alternate screen:\n${screen}`);
  assert.equal(run.tmux.paneVar('cursor_flag'), '1', 'the cursor is visible again');
  assert.ok(screen.includes(`session saved in ${run.session}`), screen);
  assert.doesNotMatch(screen, /STW pause/, 'no dashboard frame left on the main screen');
}

/** meta.json, cycles.jsonl and events.jsonl are complete and valid. */
function assertSessionComplete(run: DashboardRun, child: number) {
  const files = readSession(run.session);
  assert.equal(files.meta.pid, child);
  assert.equal(typeof files.meta.endedAt, 'string', 'meta.json records the end of the session');
  assert.ok(files.meta.exit, 'meta.json records how the child ended');
  assert.ok(files.cycles.length >= 2, `${files.cycles.length} cycles`);
  assert.equal(files.meta.cycles, files.cycles.length, 'meta.json counts every recorded cycle');
  assert.deepEqual(
    files.cycles.map((c) => c.n),
    files.cycles.map((_, i) => i + 1),
  );
  const last = files.events.at(-1);
  assert.equal(last?.type, 'child', 'events.jsonl ends with the child ending');
  assert.equal(last?.state, 'exited');
  return files;
}

/** After gcdiff is gone: nothing it started is alive (watchdog, child, anything else). */
async function assertNothingLeft(run: DashboardRun, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = run.leftovers();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = run.leftovers();
  }
  assert.deepEqual(left, [], 'no process this run started is left');
}

/** No process of the child's group is left, and no process anywhere runs this test's child. */
async function assertChildGone(child: number, tag: string, timeoutMs = 0): Promise<void> {
  const left = await waitUntilGone(() => groupMembers(child), timeoutMs);
  assert.deepEqual(
    left.map((p) => `${p.pid} ${p.cmdline}`),
    [],
    `no process of the child's group ${child}`,
  );
  assert.deepEqual(
    processesRunning(crashy.binary).filter((p) => p.includes(tag)),
    [],
    'no process runs the program',
  );
  assert.deepEqual(childGroupLeft(child), []);
}

describe('the child ends badly: the dashboard stays up and says how', {
  skip,
  concurrency: true,
}, () => {
  const cases = [
    { mode: 'crash', status: /exited 2 \(panic/, text: 'nil pointer dereference', ci: true },
    { mode: 'panic', status: /exited 2 \(panic/, text: 'panic: crashy: deliberate panic' },
    { mode: 'exit3', status: /exited 3\b/, text: 'crashy: exiting with status 3' },
  ];
  for (const c of cases) {
    it(`${c.mode}${c.ci ? ' (CI=true)' : ''}`, async (t) => {
      const { run, child, tag } = await dashboard(t, c.mode, { ci: c.ci });
      const screen = await run.tmux.waitFor((s) => c.status.test(s), 30_000, `status ${c.status}`);
      assert.match(screen.split('\n')[0] ?? '', c.status, 'the header shows the exit status');
      const stderr = readFileSync(path.join(run.session, 'stderr.log'), 'utf8');
      assert.ok(stderr.includes(c.text), `the child's own words are recorded: ${c.text}`);
      // Still up a while later, still drawing.
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(run.tmux.paneVar('alternate_on'), '1', 'the dashboard stays up');
      assert.equal(run.holderState()?.code, undefined, 'gcdiff is still running');
      assert.match(run.tmux.screen(), c.status);
      await assertChildGone(child, tag, 2000);

      run.tmux.sendKeys('q');
      const exit = await run.waitForGcdiffExit();
      assert.equal(exit.code, 0);
      assertRestored(run);
      await assertNothingLeft(run);
      const files = assertSessionComplete(run, child);
      assert.deepEqual(
        files.meta.exit && (files.meta.exit as { code: unknown }).code,
        c.mode === 'exit3' ? 3 : 2,
      );
    });
  }

  it('SIGKILL to the child', async (t) => {
    const { run, child, tag } = await dashboard(t, 'sleep');
    process.kill(child, 'SIGKILL');
    const screen = await run.tmux.waitFor(
      (s) => /killed by SIGKILL/.test(s),
      30_000,
      'the signal shown',
    );
    assert.match(screen.split('\n')[0] ?? '', /killed by SIGKILL/);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(run.tmux.paneVar('alternate_on'), '1', 'the dashboard stays up');
    assert.equal(run.holderState()?.code, undefined, 'gcdiff is still running');
    run.tmux.sendKeys('q');
    assert.equal((await run.waitForGcdiffExit()).code, 0);
    assertRestored(run);
    await assertNothingLeft(run);
    const files = assertSessionComplete(run, child);
    assert.deepEqual(files.meta.exit && (files.meta.exit as { signal: unknown }).signal, 'SIGKILL');
    await assertChildGone(child, tag);
  });
});

describe('gcdiff itself is ended', { skip, concurrency: true }, () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} to gcdiff: terminal restored, child group ended, session complete`, async (t) => {
      const { run, child, tag } = await dashboard(t, 'sleep', { ci: signal === 'SIGINT' });
      process.kill(await run.gcdiffPid(), signal);
      const exit = await run.waitForGcdiffExit();
      assert.equal(exit.code, code, `exit status of gcdiff (signal ${exit.signal})`);
      assertRestored(run);
      // gcdiff ends the group before it exits.
      await assertChildGone(child, tag);
      await assertNothingLeft(run);
      assertSessionComplete(run, child);
    });
  }

  it('the pane is closed (SIGHUP): child group ended, session complete', async (t) => {
    const { run, child, tag } = await dashboard(t, 'sleep', { hold: false });
    const gcdiff = await run.gcdiffPid();
    assert.equal(gcdiff, Number(run.tmux.paneVar('pane_pid')));
    run.tmux.sendKeys('m'); // a key in flight changes nothing
    // tmux closes the pane's terminal: the kernel hangs up on gcdiff (SIGHUP).
    run.tmux.command('kill-pane', '-t', run.tmux.target);
    await run.waitForGcdiffExit(15_000);
    await assertChildGone(child, tag, 3000);
    await assertNothingLeft(run);
    const files = assertSessionComplete(run, child);
    assert.equal(
      (files.meta.exit as { signal: unknown }).signal,
      'SIGINT',
      'gcdiff ended the child',
    );
  });

  it('the terminal hangs up under a parent that stays: gcdiff ends by SIGHUP, not by an error or a crash', async (t) => {
    // A closed terminal often fails gcdiff's next write (EIO) a moment before SIGHUP
    // arrives; that must take the hangup path, not "internal error".
    const { run, child, tag } = await dashboard(t, 'sleep', { holderIgnoresHangup: true });
    run.tmux.command('kill-pane', '-t', run.tmux.target);
    const exit = await run.waitForGcdiffExit(15_000);
    await assertChildGone(child, tag, 3000);
    await assertNothingLeft(run);
    assertSessionComplete(run, child);
    // Either dying of the hangup (what a shell reports as 129) or exiting 129.
    assert.ok(
      exit.signal === 'SIGHUP' || exit.code === 129,
      `exit status of gcdiff: code ${exit.code}, signal ${exit.signal}`,
    );
  });

  it('SIGKILL to gcdiff: the watchdog ends the child group within seconds', async (t) => {
    const { run, child, tag } = await dashboard(t, 'sleep');
    const gcdiff = await run.gcdiffPid();
    assert.ok(groupMembers(child).length > 0, 'the child runs');
    const killedAt = Date.now();
    process.kill(gcdiff, 'SIGKILL');
    const exit = await run.waitForGcdiffExit();
    assert.equal(exit.signal, 'SIGKILL');
    await assertChildGone(child, tag, 10_000);
    await assertNothingLeft(run, 5000);
    t.diagnostic(`child group gone ${Date.now() - killedAt} ms after SIGKILL to gcdiff`);
    // Nobody restored anything, but what was written is valid.
    const files = readSession(run.session, { allowTornTail: true });
    assert.equal(files.meta.pid, child);
  });
});

describe('the same endings without a terminal', { concurrency: true }, () => {
  const cases = [
    { mode: 'crash', code: 2, text: 'nil pointer dereference' },
    { mode: 'panic', code: 2, text: 'panic: crashy: deliberate panic' },
    { mode: 'exit3', code: 3, text: 'crashy: exiting with status 3' },
  ];
  for (const c of cases) {
    it(`headless ${c.mode}: exit code 1 and the summary`, async (t) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-headless-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const session = path.join(dir, 'session');
      const r = await runCli(
        ['run', '--session', session, '--', crashy.binary, '-mode', c.mode, '-after', '1s'],
        {
          timeoutMs: 60_000,
        },
      );
      assert.equal(r.code, 1, r.stderr);
      assert.ok(r.stderr.includes(c.text), 'the program output passes through');
      assert.match(r.stderr, new RegExp(`gcdiff: the program exited with code ${c.code}\\n`));
      const cycles = Number(/^cycles +(\d+) in 1 process/m.exec(r.stderr)?.[1]);
      assert.ok(cycles >= 2, `the summary counts the cycles:\n${r.stderr.slice(-800)}`);
      assert.match(r.stderr, /^STW pause +p50 /m);
      assert.match(r.stderr, /^heap live /m);
      assert.ok(r.stderr.includes(`gcdiff: session: ${session}`));
      const files = readSession(session);
      assert.equal(files.cycles.length, cycles, 'the summary and cycles.jsonl agree');
      assert.equal((files.meta.exit as { code: unknown }).code, c.code);
      assert.deepEqual(groupMembers(files.meta.pid as number), []);
    });
  }
});
