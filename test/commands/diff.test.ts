/** `gcdiff diff` end to end: the real CLI as a subprocess, exit codes, one-line errors, JSON. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = path.join(root, 'test', 'fixtures', 'profile');
const heapA = path.join(fixtures, 'heap-a.pb.gz');
const heapB = path.join(fixtures, 'heap-b.pb.gz');
const goroutineA = path.join(fixtures, 'goroutine-a.pb.gz');
const goroutineB = path.join(fixtures, 'goroutine-b.pb.gz');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function gcdiff(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'cli.tsx'), 'diff', ...args],
      { cwd: root, env: { ...process.env, DEBUG: '' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Exit 2, nothing on stdout, and exactly one line on stderr with no stack trace. */
function assertUsageError(result: Result, pattern: RegExp): void {
  assert.equal(result.code, 2, `exit code (stderr: ${result.stderr})`);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${result.stderr}`);
  assert.match(lines[0]!, /^gcdiff: /);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.match(lines[0]!, pattern);
}

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gcdiff-diff-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gcdiff diff succeeds', () => {
  test('prints a table of the heap growth', async () => {
    const r = await gcdiff(heapA, heapB);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^heap inuse_space, by func: /);
    assert.match(r.stdout, /main\.makeBuffer/);
  });

  test('--json gives the DESIGN.md shape, rows sorted by |flat delta|', async () => {
    const r = await gcdiff(heapA, heapB, '--json');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(json), ['kind', 'sampleType', 'unit', 'by', 'total', 'rows']);
    assert.equal(json.kind, 'heap');
    assert.equal(json.sampleType, 'inuse_space');
    assert.equal(json.unit, 'bytes');
    assert.equal(json.by, 'func');
    assert.equal(json.total.delta, json.total.target - json.total.base);
    assert.ok(json.rows.length > 10);
    for (const row of json.rows) {
      assert.equal(typeof row.name, 'string');
      assert.equal(typeof row.file, 'string');
      assert.equal(row.line, null);
      for (const key of ['flat', 'cum']) {
        assert.deepEqual(Object.keys(row[key]), ['base', 'target', 'delta']);
        assert.equal(row[key].delta, row[key].target - row[key].base);
      }
    }
    const deltas = json.rows.map((row: { flat: { delta: number } }) => Math.abs(row.flat.delta));
    assert.deepEqual(
      deltas,
      [...deltas].sort((a, b) => b - a),
    );
  });

  test('--sample --by line --top --filter', async () => {
    const r = await gcdiff(
      heapA,
      heapB,
      '--json',
      '--sample',
      'alloc_objects',
      '--by',
      'line',
      '--top',
      '3',
      '--filter',
      'main.*',
    );
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.sampleType, 'alloc_objects');
    assert.equal(json.unit, 'count');
    assert.equal(json.by, 'line');
    assert.equal(json.rows.length, 3);
    for (const row of json.rows) {
      assert.match(row.name, /^main\./);
      assert.ok(Number.isInteger(row.line) && row.line > 0);
    }
  });

  test('goroutine profiles, by stack', async () => {
    const r = await gcdiff(goroutineA, goroutineB, '--json', '--by', 'stack');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(
      [json.kind, json.sampleType, json.unit, json.by],
      ['goroutine', 'goroutine', 'count', 'stack'],
    );
    const waits = json.rows.filter((row: { name: string }) => /^main\.wait/.test(row.name));
    assert.equal(waits.length, 4);
    for (const row of waits) {
      assert.equal(row.flat.delta, 3);
      assert.ok(Array.isArray(row.stack) && row.stack[0].startsWith('runtime.gopark'));
    }
  });

  test('an uncompressed profile is read too', async () => {
    const { gunzipSync } = await import('node:zlib');
    const raw = path.join(dir, 'heap-b.pb');
    await writeFile(raw, gunzipSync(await readFile(heapB)));
    const [fromRaw, fromGz] = await Promise.all([
      gcdiff(heapA, raw, '--json'),
      gcdiff(heapA, heapB, '--json'),
    ]);
    assert.equal(fromRaw.code, 0, fromRaw.stderr);
    assert.equal(fromRaw.stdout, fromGz.stdout);
  });
});

describe('gcdiff diff refuses with exit 2 and one line', () => {
  test('bad flags and arguments', async () => {
    const [sample, by, top, one, ...tops] = await Promise.all([
      gcdiff(heapA, heapB, '--sample', 'heap'),
      gcdiff(heapA, heapB, '--by', 'file'),
      gcdiff(heapA, heapB, '--top', '0'),
      gcdiff(heapA),
      gcdiff(heapA, heapB, '--top', 'abc'),
      gcdiff(heapA, heapB, '--top', '-3'),
      gcdiff(heapA, heapB, '--top', '2.5'),
    ]);
    assertUsageError(sample, /--sample must be one of/);
    assertUsageError(by, /--by must be one of func, line, stack/);
    assertUsageError(top, /--top must be a positive whole number, not "0"/);
    assertUsageError(one, /two profiles/);
    // The value as typed, not NaN or 'unknown option -3'.
    assertUsageError(tops[0]!, /--top must be a positive whole number, not "abc"/);
    assertUsageError(tops[1]!, /--top must be a positive whole number, not "-3"/);
    assertUsageError(tops[2]!, /--top must be a positive whole number, not "2.5"/);
  });

  test('a sample type the profiles do not have; profiles of different kinds', async () => {
    const [sample, kinds] = await Promise.all([
      gcdiff(goroutineA, goroutineB, '--sample', 'inuse_space'),
      gcdiff(heapA, goroutineB),
    ]);
    assertUsageError(sample, /not in this goroutine profile/);
    assertUsageError(kinds, /cannot diff a heap profile against a goroutine profile/);
  });

  test('missing, empty, truncated, corrupt and not-a-profile files', async () => {
    const gz = await readFile(heapB);
    const files = {
      empty: new Uint8Array(0),
      truncated: gz.subarray(0, Math.floor(gz.length / 2)),
      corrupt: Uint8Array.from(gz, (b, i) => (i > 20 && i % 7 === 0 ? b ^ 0xff : b)),
      html: new TextEncoder().encode('<html><body>404 page not found</body></html>\n'),
      gzippedText: gzipSync(new TextEncoder().encode('goroutine profile: total 3\n')),
    };
    const paths: Record<string, string> = {};
    for (const [name, bytes] of Object.entries(files)) {
      paths[name] = path.join(dir, `${name}.pb.gz`);
      await writeFile(paths[name], bytes);
    }
    const results = await Promise.all([
      gcdiff(heapA, path.join(dir, 'missing.pb.gz')),
      gcdiff(heapA, dir),
      ...Object.values(paths).map((p) => gcdiff(p, heapB)),
    ]);
    const [missing, directory, ...bad] = results;
    assertUsageError(missing!, /cannot read profile .*missing\.pb\.gz: no such file/);
    assertUsageError(directory!, /is a directory/);
    for (const [i, name] of Object.keys(paths).entries()) {
      assertUsageError(
        bad[i]!,
        new RegExp(`${name}\\.pb\\.gz: not a (valid \\.pb\\.gz|valid pprof|pprof) profile`),
      );
    }
  });
});
