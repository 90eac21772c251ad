/**
 * With Linux autogroups the scheduler shares the CPU between sessions first, so the nice
 * value of gcdiff's threads alone does not yield to the program, which leads a session of
 * its own. gcdiff gives its own session's autogroup nice 10 while it runs and sets it back
 * when it exits; if gcdiff is killed, the watchdog sets it back. Checked on the real kernel:
 * gcdiff runs inside a wrapper that leads a fresh session (so no other test shares it), and
 * the wrapper, a member of that session that outlives gcdiff, shows the session's value.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { parseAutogroup } from '../../source/io/autogroup.js';
import { gcdiffArgv } from '../helpers/cli.js';
import { waitFor } from '../helpers/dashboard.js';
import { isAlive } from '../helpers/processes.js';

const skip =
  process.platform !== 'linux'
    ? 'autogroups are Linux'
    : !existsSync('/proc/self/autogroup')
      ? 'this kernel has no autogroups (CONFIG_SCHED_AUTOGROUP)'
      : process.env.GCDIFF_NO_NICE === '1'
        ? 'GCDIFF_NO_NICE=1'
        : false;

function autogroupOf(pid: number) {
  try {
    return parseAutogroup(readFileSync(`/proc/${pid}/autogroup`, 'utf8'));
  } catch {
    return null;
  }
}

// Leads a new session (spawned detached), starts gcdiff in it, prints gcdiff's pid and
// later its exit, and stays until killed.
const WRAPPER = `
const { spawn } = require('node:child_process');
const [exe, ...args] = JSON.parse(process.argv[1]);
const g = spawn(exe, args, { stdio: ['ignore', 'ignore', 'ignore'], env: process.env });
console.log(JSON.stringify({ gcdiff: g.pid }));
g.on('exit', (code, signal) => console.log(JSON.stringify({ exit: code, signal })));
setInterval(() => {}, 1000);
`;

interface Wrapped {
  wrapper: ChildProcess;
  gcdiff: number;
  exited: Promise<{ exit: number | null; signal: string | null }>;
}

async function wrapped(args: string[]): Promise<Wrapped> {
  const wrapper = spawn(
    process.execPath,
    ['-e', WRAPPER, JSON.stringify([...gcdiffArgv(), ...args])],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, GCDIFF_NO_NICE: undefined },
    },
  );
  const lines: Array<Record<string, unknown>> = [];
  let buffered = '';
  wrapper.stdout?.setEncoding('utf8').on('data', (d: string) => {
    buffered += d;
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      lines.push(JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>);
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf('\n');
    }
  });
  const gcdiff = await waitFor(
    () => lines.find((l) => typeof l.gcdiff === 'number')?.gcdiff as number | undefined,
    10_000,
    'the wrapper starts gcdiff',
  );
  const exited = waitFor(
    () =>
      lines.find((l) => 'exit' in l) as { exit: number | null; signal: string | null } | undefined,
    60_000,
    'gcdiff exits',
  );
  exited.catch(() => {});
  return { wrapper, gcdiff, exited };
}

function metaPid(session: string): number | undefined {
  try {
    const meta = JSON.parse(readFileSync(path.join(session, 'meta.json'), 'utf8'));
    return typeof meta.pid === 'number' ? meta.pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `gcdiff run --session <session> -- node -e <script>` in a fresh session: the wrapper's
 * pid and autogroup before gcdiff raised it, and the program's pid once it runs.
 */
async function runWrapped(t: TestContext, session: string, script: string) {
  const run = await wrapped(['run', '--session', session, '--', process.execPath, '-e', script]);
  t.after(() => run.wrapper.kill('SIGKILL'));
  const wrapper = run.wrapper.pid as number;
  const start = autogroupOf(wrapper);
  assert.ok(start, 'the wrapper’s autogroup');
  const child = await waitFor(() => metaPid(session), 20_000, 'the program started');
  return { run, wrapper, start, child };
}

describe('gcdiff gives its own session nice 10 while it runs (Linux autogroups)', { skip }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-autogroup-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('raised while the program runs, the program’s own session left at its value, set back at exit', async (t) => {
    const { run, wrapper, start, child } = await runWrapped(
      t,
      path.join(dir, 'normal'),
      'setTimeout(() => {}, 2500)',
    );
    const during = await waitFor(
      () => {
        const g = autogroupOf(run.gcdiff);
        return g && g.nice === Math.max(10, start.nice) ? g : undefined;
      },
      10_000,
      'gcdiff’s autogroup at nice 10',
    );
    const program = autogroupOf(child);
    const session0 = autogroupOf(wrapper);
    t.diagnostic(
      `wrapper ${JSON.stringify(start)}; gcdiff ${JSON.stringify(during)}; program ${JSON.stringify(program)}`,
    );
    assert.equal(during.group, start.group, 'gcdiff is in the wrapper’s session');
    assert.equal(session0?.nice, during.nice, 'the value is the session’s');
    assert.ok(program, 'the program’s autogroup');
    assert.notEqual(program.group, start.group, 'the program leads a session of its own');
    assert.equal(program.nice, start.nice, 'and its nice value is not raised');
    const exit = await run.exited;
    assert.equal(exit.exit, 0, 'gcdiff ran the program to its end');
    assert.deepEqual(autogroupOf(wrapper), start, 'the session’s value is set back');
  });

  it('set back by the watchdog when gcdiff is killed with SIGKILL', async (t) => {
    const { run, wrapper, start, child } = await runWrapped(
      t,
      path.join(dir, 'killed'),
      'setTimeout(() => {}, 60000)',
    );
    await waitFor(
      () => (autogroupOf(wrapper)?.nice === Math.max(10, start.nice) ? true : undefined),
      10_000,
      'the session at nice 10',
    );
    process.kill(run.gcdiff, 'SIGKILL');
    const exit = await run.exited;
    assert.equal(exit.signal, 'SIGKILL');
    await waitFor(
      () => (autogroupOf(wrapper)?.nice === start.nice ? true : undefined),
      10_000,
      'the session’s value set back by the watchdog',
    );
    await waitFor(() => (isAlive(child) ? undefined : true), 10_000, 'the program ended');
  });
});
