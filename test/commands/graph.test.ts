/** `gcdiff graph` through the real CLI, as a subprocess. */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildGoProgram } from '../helpers/go-build.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
let dir = '';
let dumpA = '';
let dumpB = '';
let binary = '';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'cli.tsx', 'graph', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gcdiff-graph-'));
  const build = await buildGoProgram('heapcheck');
  binary = build.binary;
  dumpA = path.join(dir, 'a.heapdump');
  dumpB = path.join(dir, 'b.heapdump');
  await run(binary, ['-n', '100', '-o', dumpA]);
  await run(binary, ['-n', '300', '-o', dumpB]);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('graph --json prints the DESIGN.md shape', () => {
  const result = cli(dumpA, dumpB, '--binary', binary, '--json');
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(typeof report.newObjects.count, 'number');
  assert.equal(typeof report.newObjects.bytes, 'number');
  assert.ok(Array.isArray(report.sites) && report.sites.length > 0);
  for (const key of ['site', 'count', 'bytes', 'retainedBytes', 'path'])
    assert.ok(key in report.sites[0], key);
  assert.ok(Array.isArray(report.cycles));
  // Two processes: addresses are unrelated, so the list nodes are new; the self-pointing object is a cycle.
  const list = report.sites.find((s: { site: string }) => s.site === 'main.main');
  assert.ok(list.count >= 300);
  assert.equal(list.path[0], 'global main.listHead');
  const self = report.cycles.find(
    (c: { sites: string[] }) => c.sites.join() === 'main.newStackHeld',
  );
  assert.equal(self.example.size, 1);
  assert.match(self.example.path[0], /^stack main\.holder \(goroutine \d+\)$/);
});

test('graph prints a text report by default', () => {
  const result = cli(dumpA, dumpB, '--binary', binary);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /New objects by allocation site/);
  assert.match(result.stdout, /global main\.listHead/);
});

test('bad input exits 2 with one line: zero-length, truncated, corrupt, missing, wrong arity', async () => {
  const bytes = await readFile(dumpB);
  const empty = path.join(dir, 'empty.heapdump');
  const truncated = path.join(dir, 'truncated.heapdump');
  const corrupt = path.join(dir, 'corrupt.heapdump');
  const text = path.join(dir, 'text.heapdump');
  await writeFile(empty, '');
  await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const bad = Buffer.from(bytes);
  bad[16] = 0x63; // the first record tag: 99 is unknown
  await writeFile(corrupt, bad);
  await writeFile(text, 'hello, world\n'.repeat(10));
  const cases: [string[], RegExp][] = [
    [[dumpA, empty], /is empty/],
    [[dumpA, truncated], /is truncated at byte \d+/],
    [[corrupt, dumpB], /is corrupt at byte 16.*unknown record tag 99/],
    [[dumpA, text], /is not a Go heap dump/],
    [[dumpA, path.join(dir, 'missing')], /cannot read heap dump .*no such file/],
    [[dumpA], /graph needs two heap dumps/],
    [[dumpA, dumpB, '--binary', text], /not a readable ELF64 binary/],
  ];
  for (const [args, pattern] of cases) {
    const result = cli(...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^gcdiff: /);
    assert.match(lines[0]!, pattern);
    assert.equal(result.stdout, '');
  }
});
