import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { RunReport } from '../../source/core/report/run-report.js';
import { gcdiffArgv, ROOT } from '../helpers/cli.js';
import { buildGoProgram } from '../helpers/go-build.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';

/** Starts the waves demo as "a process started elsewhere": gctrace on, pprof URL printed on stdout. */
async function startRemoteProgram(
  stderrTo: 'pipe' | 'ignore' | number,
): Promise<{ child: ChildProcess; url: string }> {
  const build = await buildGoProgram('waves');
  const child = spawn(build.binary, ['-print-addr'], {
    env: { ...process.env, GODEBUG: 'gctrace=1' },
    stdio: ['ignore', 'pipe', stderrTo],
    detached: true,
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      const m = /pprof: (http:\/\/\S+?)\/debug\/pprof\//.exec(text);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error('the program exited early')));
  });
  child.stdout?.resume();
  return { child, url };
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function collect(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

test('attach --trace - : a piped trace and scripted marks from the URL, headless', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-attach-'));
  const remote = await startRemoteProgram('pipe');
  t.after(() => {
    killGroup(remote.child);
    rmSync(dir, { recursive: true, force: true });
  });
  const [exe, ...pre] = gcdiffArgv();
  const report = path.join(dir, 'r.json');
  const gcdiff = spawn(
    exe as string,
    [
      ...pre,
      'attach',
      '--pprof',
      remote.url,
      '--trace',
      '-',
      '--marks',
      '1s,4s',
      '--report',
      report,
      '--session',
      path.join(dir, 's'),
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  remote.child.stderr?.pipe(gcdiff.stdin as NodeJS.WritableStream);
  const result = await collect(gcdiff);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(readFileSync(report, 'utf8')) as RunReport;
  assert.equal(json.marks.length, 2);
  assert.ok(
    json.marks.every((m) => m.status === 'ok' && m.gc !== null),
    JSON.stringify(json.marks),
  );
  assert.ok(json.trace.cycles > 0, 'cycles arrived through the pipe');
  assert.equal(json.heap?.rows[0]?.name, 'main.(*auditLog).record');
  const cycles = readFileSync(path.join(dir, 's', 'cycles.jsonl'), 'utf8')
    .trim()
    .split('\n');
  assert.ok(cycles.length >= json.trace.cycles);
  const meta = JSON.parse(readFileSync(path.join(dir, 's', 'meta.json'), 'utf8')) as {
    attach: boolean;
  };
  assert.equal(meta.attach, true);
});

test('attach --trace <file> follows a growing log file', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-attach-file-'));
  const log = path.join(dir, 'app.log');
  const fd = openSync(log, 'a');
  const remote = await startRemoteProgram(fd);
  closeSync(fd);
  t.after(() => {
    killGroup(remote.child);
    rmSync(dir, { recursive: true, force: true });
  });
  const [exe, ...pre] = gcdiffArgv();
  const report = path.join(dir, 'r.json');
  const gcdiff = spawn(
    exe as string,
    [
      ...pre,
      'attach',
      '--pprof',
      remote.url,
      '--trace',
      log,
      '--marks',
      '1s,3s',
      '--report',
      report,
      '--session',
      path.join(dir, 's'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const result = await collect(gcdiff);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(readFileSync(report, 'utf8')) as RunReport;
  // The file kept growing while gcdiff followed it: the last mark saw later cycles than the first.
  const [a, b] = json.marks;
  assert.ok(
    a?.gc !== null && b?.gc !== null && (b?.gc ?? 0) > (a?.gc ?? 0),
    JSON.stringify(json.marks),
  );
});

test('attach: keys still work when stdin carries the trace (read from the controlling terminal)', {
  skip: !tmuxAvailable(),
}, async (t) => {
  const build = await buildGoProgram('waves');
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-attach-tty-'));
  const tmux = new TmuxSession(100, 30);
  t.after(() => {
    tmux.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  // The program and the pipe are the test's doing (a user's shell would do the same);
  // gcdiff itself reads the trace from stdin and its keys from /dev/tty.
  // A free loopback port: let a first instance pick one, then stop it.
  const first = await startRemoteProgram('ignore');
  const url = first.url;
  killGroup(first.child);
  const session = path.join(dir, 's');
  const [exe, ...pre] = gcdiffArgv();
  const gcdiffCmd = [exe, ...pre, 'attach', '--pprof', url, '--trace', '-', '--session', session]
    .map((a) => `'${String(a).replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const producer = `GODEBUG=gctrace=1 '${build.binary}' -addr ${new URL(url).host} 2>&1 >/dev/null`;
  // A shell stays in the pane after gcdiff exits, so the state gcdiff left can be read.
  tmux.start(
    ['sh', '-c', `${producer} | ${gcdiffCmd}; echo gcdiff-exited; exec sleep 60`],
    { CI: process.env.CI },
    ROOT,
  );
  const charts = await tmux.waitFor(
    (s) => /gc \d+/.test(s) && /\d+ cycles/.test(s),
    30_000,
    'charts from the piped trace',
  );
  assert.match(charts, /^gcdiff attach {2}trace from stdin {2}detached/m);
  tmux.sendKeys('m');
  await tmux.waitFor((s) => /A #1/.test(s) && /\bok\b/.test(s), 30_000, 'mark A captured');
  tmux.sendKeys('q');
  // Once gcdiff is gone, the producer dies on its next write to the closed pipe.
  await tmux.waitFor((s) => s.includes('gcdiff-exited'), 15_000, 'gcdiff to exit');
  assert.equal(tmux.paneVar('alternate_on'), '0');
  assert.equal(tmux.paneVar('cursor_flag'), '1');
  assert.ok(existsSync(path.join(session, 'marks', 'A-1', 'heap.pb.gz')));
});
