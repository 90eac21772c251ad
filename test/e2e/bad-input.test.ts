import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

function assertOneLineErrors(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
  for (const line of stderr.split('\n').filter((l) => l.startsWith('gcdiff: '))) {
    assert.ok(line.length < 400, `a short line: ${line}`);
  }
}

/** Every file under dir, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

test('a pprof URL that hangs, answers 500 or answers HTML: clear message, exit 1, no stack trace', async (t) => {
  const hang = await listen(() => {});
  const error500 = await listen((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('internal trouble');
  });
  const html = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>login</body></html>');
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-bad-'));
  t.after(() => {
    for (const s of [hang, error500, html]) s.server.closeAllConnections();
    for (const s of [hang, error500, html]) s.server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const cases = [
    { name: 'hang', url: hang.url, expect: /timed out|did not answer/i },
    { name: '500', url: error500.url, expect: /500/ },
    { name: 'html', url: html.url, expect: /not a profile|HTML|html/ },
  ];
  await Promise.all(
    cases.map(async (c) => {
      const r = await runCli([
        'attach',
        '--pprof',
        c.url,
        '--marks',
        '0.2s,0.4s',
        '--report',
        path.join(dir, `${c.name}.json`),
        '--timeout',
        '1s',
        '--session',
        path.join(dir, c.name),
      ]);
      assert.equal(r.code, 1, `${c.name}: ${r.stderr}`);
      assert.match(r.stderr, c.expect, `${c.name}: ${r.stderr}`);
      assertOneLineErrors(r.stderr);
    }),
  );
});

test('usage errors: exit 2 with one line', async () => {
  const cases = [
    ['run'],
    ['run', '--marks', 'soon', '--', 'true'],
    ['run', '--report', 'x.json', '--', 'true'],
    ['run', '--fail-on-growth', 'lots', '--marks', '1s', '--report', 'x', '--', 'true'],
    ['run', '--', '/no/such/program'],
    ['attach'],
    ['attach', '--pprof', 'ftp://x'],
    ['run', '--timeout', '-5s', '--', 'true'],
    ['run', '--session', '--heapdump', '--', 'true'],
    ['attach', '--pprof'],
    ['diff', 'a.pb.gz'],
    ['graph'],
    ['replay'],
    ['demo', 'nope'],
    ['frobnicate'],
  ];
  for (const args of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^gcdiff: /);
  }
  // A value that starts with '-' is the option's, refused in the option's own words.
  const negative = await runCli(['run', '--timeout', '-5s', '--', 'true']);
  assert.match(negative.stderr, /^gcdiff: --timeout: "-5s" is not a positive duration/);
  const missing = await runCli(['run', '--session', '--heapdump', '--', 'true']);
  assert.match(missing.stderr, /^gcdiff: --session needs a value/);
});

test('attach with nothing to do (no terminal, no --trace, no --marks): one line, exit 2, no session', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-idle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const session = path.join(dir, 'session');
  const r = await runCli(['attach', '--pprof', 'http://127.0.0.1:1', '--session', session]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^gcdiff: nothing to do without a terminal: give --trace/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.deepEqual(readdirSync(dir), [], 'no session directory');
});

test('a --pprof URL with credentials is never written to the session in clear text', async (t) => {
  let sawAuth = '';
  const server = await listen((req, res) => {
    sawAuth = req.headers.authorization ?? '';
    res.writeHead(500);
    res.end();
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-creds-'));
  t.after(() => {
    server.server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const secret = 's3cr3t-Pa55';
  const url = server.url.replace('http://', `http://alice:${secret}@`);
  const session = path.join(dir, 's');
  const trace = path.join(dir, 'trace.log');
  writeFileSync(
    trace,
    'gc 1 @0.010s 1%: 0.010+0.20+0.003 ms clock, 0.040+0.10/0.20/0.30+0.012 ms cpu, 4->4->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 4 P\n',
  );
  const r = await runCli([
    'attach',
    '--pprof',
    url,
    '--trace',
    trace,
    '--marks',
    '0.1s,0.2s',
    '--report',
    path.join(session, 'out.json'),
    '--timeout',
    '1s',
    '--session',
    session,
  ]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(
    sawAuth,
    `Basic ${Buffer.from(`alice:${secret}`).toString('base64')}`,
    'credentials are used',
  );
  assert.ok(!r.stderr.includes(secret), 'not in messages');
  const files = filesUnder(session);
  assert.ok(files.length >= 4);
  for (const file of files) {
    assert.ok(!readFileSync(file, 'utf8').includes(secret), `${file} holds the password`);
    assert.equal(statSync(file).mode & 0o777, 0o600, file);
  }
  assert.equal(statSync(session).mode & 0o777, 0o700);
});

test('nothing is run through a shell: the sources never ask for one', () => {
  const root = path.join(import.meta.dirname, '..', '..', 'source');
  for (const file of filesUnder(root)) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /shell:\s*true/, file);
    assert.doesNotMatch(text, /\bexecSync\(|\bexec\(\s*['"`]/, file);
  }
});

test('a --session that cannot be a directory: one line, exit 2, no hang, nothing touched', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-bad-session-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'keep me\n', { mode: 0o644 });
  const dangling = path.join(dir, 'dangling');
  symlinkSync(path.join(dir, 'nowhere'), dangling);
  const cases = [
    // Node 20's recursive mkdirSync loops forever on these two.
    { session: '/proc/gcdiff-no-such-dir/s', expect: /no such file/ },
    { session: path.join(dangling, 's'), expect: /dangling: a file of that name exists/ },
    { session: file, expect: /not a directory/ },
    { session: path.join(file, 's'), expect: /not a directory/ },
  ];
  for (const c of cases) {
    const r = await runCli(['run', '--session', c.session, '--', process.execPath, '-e', ''], {
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 2, `${c.session}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^gcdiff: cannot create session ${c.session}: `));
    assert.match(r.stderr, c.expect);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assertOneLineErrors(r.stderr);
  }
  assert.equal(readFileSync(file, 'utf8'), 'keep me\n');
  assert.equal(statSync(file).mode & 0o777, 0o644, 'the file’s mode is untouched');
});

test('a --session that holds a recording already: one line, exit 2, nothing run, nothing touched', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-old-session-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const meta = path.join(dir, 'meta.json');
  writeFileSync(meta, '{"command":["old"]}\n', { mode: 0o600 });
  const traceDir = mkdtempSync(path.join(tmpdir(), 'gcdiff-old-session-trace-'));
  t.after(() => rmSync(traceDir, { recursive: true, force: true }));
  const trace = path.join(traceDir, 'trace.log');
  writeFileSync(
    trace,
    'gc 1 @0.001s 0%: 0.1+0.2+0.01 ms clock, 0.2+0.1/0.1/0+0.01 ms cpu, 3->4->3 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P\n',
  );
  const marker = path.join(dir, 'the-child-ran');
  const script = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')`;
  for (const args of [
    ['run', '--session', dir, '--', process.execPath, '-e', script],
    ['attach', '--pprof', 'http://127.0.0.1:1', '--trace', trace, '--session', dir],
  ]) {
    const r = await runCli(args, { timeoutMs: 30_000 });
    assert.equal(r.code, 2, `${args[0]}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(
      r.stderr,
      new RegExp(
        `^gcdiff: cannot record into ${dir}: it holds a recording already \\(meta\\.json\\)`,
      ),
    );
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assertOneLineErrors(r.stderr);
  }
  assert.equal(existsSync(marker), false, 'the program was not started');
  assert.equal(readFileSync(meta, 'utf8'), '{"command":["old"]}\n');
  assert.deepEqual(readdirSync(dir), ['meta.json']);
});

test('an option the command does not take: one line, exit 2, nothing done', async () => {
  for (const args of [
    ['replay', '/nonexistent-session', '--json'],
    ['trace', '-', '--heapdump'],
    ['diff', 'a.pb.gz', 'b.pb.gz', '--marks', '5s'],
    ['run', '--trace', 'x.log', '--', 'true'],
  ]) {
    const r = await runCli(args, { timeoutMs: 20_000 });
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(
      r.stderr,
      /^gcdiff: --[a-z]+ does not apply to [a-z]+ \(it takes --/,
      args.join(' '),
    );
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('--help anywhere before -- prints the help and exits 0, without running anything', async () => {
  for (const args of [['--help'], ['demo', '--help'], ['run', '--help', '--', 'sleep', '30']]) {
    const r = await runCli(args, { timeoutMs: 20_000 });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /Usage\n\s+\$ gcdiff run/, args.join(' '));
    assert.equal(r.stderr, '', args.join(' '));
  }
  // After --, --help belongs to the child: `run -- true --help` runs true.
  const child = await runCli(['run', '--', 'true', '--help'], { timeoutMs: 20_000 });
  assert.doesNotMatch(child.stdout, /Usage\n/);
});
