import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { GraphReport } from '../../source/core/heap/analysis.js';
import type { RunReport } from '../../source/core/report/run-report.js';
import { analyzeDumpsInWorker, type GraphProgress } from '../../source/io/graph-worker.js';
import { runCli } from '../helpers/cli.js';
import { buildGoProgram, DEMO_DIR } from '../helpers/go-build.js';

/** Every entry under dir (dir itself included) with its permission bits. */
function modes(dir: string): Map<string, { mode: number; isDir: boolean }> {
  const out = new Map<string, { mode: number; isDir: boolean }>();
  const walk = (at: string) => {
    const stat = statSync(at);
    out.set(path.relative(dir, at) || '.', { mode: stat.mode & 0o777, isDir: stat.isDirectory() });
    if (stat.isDirectory()) for (const name of readdirSync(at)) walk(path.join(at, name));
  };
  walk(dir);
  return out;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

interface HeadlessRun {
  code: number | null;
  stderr: string;
  report: RunReport;
  session: string;
}

async function runHeadless(
  dir: string,
  marks: string,
  command: string[],
  cwd?: string,
): Promise<HeadlessRun> {
  const reportFile = path.join(dir, 'r.json');
  const session = path.join(dir, 'session');
  const args = ['run', '--heapdump', '--precise', '--marks', marks, '--report', reportFile];
  const r = await runCli([...args, '--session', session, '--', ...command], { cwd });
  return { code: r.code, stderr: r.stderr, report: readJson<RunReport>(reportFile), session };
}

/** The graph of a run must be what `gcdiff graph --json` prints for the same dumps and binary. */
async function assertSameAsGraphCommand(run: HeadlessRun): Promise<void> {
  const g = await runCli([
    'graph',
    path.join(run.session, 'marks', 'A-1', 'heapdump'),
    path.join(run.session, 'marks', 'B-2', 'heapdump'),
    '--binary',
    path.join(run.session, 'binary'),
    '--json',
  ]);
  assert.equal(g.code, 0, g.stderr);
  assert.deepEqual(run.report.graph, JSON.parse(g.stdout) as GraphReport);
}

test('run --heapdump --report fills the graph from the marks’ heap dumps', {
  concurrency: 4,
}, async (t) => {
  await Promise.all([
    t.test('families (built binary): leak site, global, cycles, session files', async () => {
      const build = await buildGoProgram('families');
      const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-hdr-families-'));
      try {
        const run = await runHeadless(dir, '2s,6s', [build.binary]);
        assert.equal(run.code, 0, run.stderr);
        const { report } = run;
        assert.deepEqual(report.compared, { base: 'A-1', target: 'B-2' });
        assert.equal(report.graphError, undefined);
        const graph = report.graph;
        assert.ok(graph, 'the report has a graph');
        assert.ok(graph.newObjects.count > 0);
        const top = graph.sites[0];
        assert.equal(top?.site, 'main.newFamily', JSON.stringify(graph.sites.slice(0, 3)));
        assert.equal(top.path[0], 'global main.households', JSON.stringify(top.path));
        assert.ok(
          graph.cycles.some((c) => c.sites.includes('main.newFamily') && c.components > 0),
          JSON.stringify(graph.cycles.map((c) => c.sites)),
        );
        assert.deepEqual(
          report.marks.map((m) => [m.label, m.status, m.heapdump]),
          [
            ['A', 'ok', path.join(run.session, 'marks', 'A-1', 'heapdump')],
            ['B', 'ok', path.join(run.session, 'marks', 'B-2', 'heapdump')],
          ],
        );

        // The session: a copy of the program (0700), the dumps, everything else 0600/0700.
        const meta = readJson<{ binary?: string; binarySource?: string }>(
          path.join(run.session, 'meta.json'),
        );
        assert.equal(meta.binary, path.join(run.session, 'binary'));
        assert.equal(meta.binarySource, build.binary);
        assert.deepEqual(
          readFileSync(path.join(run.session, 'binary')),
          readFileSync(build.binary),
        );
        const entries = modes(run.session);
        for (const want of ['binary', 'marks/A-1/heapdump', 'marks/B-2/heapdump', 'report.json']) {
          assert.ok(entries.has(want), `session has ${want}`);
        }
        for (const [name, { mode, isDir }] of entries) {
          const expected = isDir || name === 'binary' ? 0o700 : 0o600;
          assert.equal(mode, expected, `${name} has mode ${mode.toString(8)}`);
        }
        await assertSameAsGraphCommand(run);

        // The worker API on the same dumps: progress in phase order up to every byte read.
        const a = path.join(run.session, 'marks', 'A-1', 'heapdump');
        const b = path.join(run.session, 'marks', 'B-2', 'heapdump');
        const seen: GraphProgress[] = [];
        const again = await analyzeDumpsInWorker(a, b, path.join(run.session, 'binary'), (p) =>
          seen.push(p),
        );
        assert.deepEqual(again, graph);
        const phases = [...new Set(seen.map((p) => p.phase))];
        assert.deepEqual(phases, [
          'read-a',
          'read-b',
          'new-objects',
          'dominators',
          'paths',
          'cycles',
        ]);
        const total = statSync(a).size + statSync(b).size;
        assert.ok(seen.every((p) => p.totalBytes === total && p.bytesRead <= total));
        assert.equal(seen.at(-1)?.bytesRead, total);
        await assert.rejects(analyzeDumpsInWorker(a, path.join(dir, 'missing'), null), {
          name: 'UsageError',
          message: /cannot read heap dump .*missing: no such file/,
        });
        const aborted = new AbortController();
        aborted.abort();
        await assert.rejects(analyzeDumpsInWorker(a, b, null, undefined, aborted.signal), {
          name: 'AbortError',
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),

    t.test(
      "orm under go run with the user's own -ldflags: -s=false is added, the session copy names the global",
      async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-hdr-orm-'));
        try {
          const run = await runHeadless(
            dir,
            '2s,6s',
            ['go', 'run', '-ldflags=-X main.build=e2e', './orm'],
            DEMO_DIR,
          );
          assert.equal(run.code, 0, run.stderr);
          const meta = readJson<{ binary?: string; binarySource?: string }>(
            path.join(run.session, 'meta.json'),
          );
          assert.equal(meta.binary, path.join(run.session, 'binary'));
          // The program, not the go command. go run links it in a temporary directory that it
          // removes on exit, or (Go 1.24+, when it may) in GOCACHE, which is trimmed: only the
          // session's copy is sure to stay. assertSameAsGraphCommand names globals from that copy.
          const source = (meta.binarySource ?? '').replace(/ \(deleted\)$/, '');
          assert.equal(path.basename(source), 'orm', meta.binarySource);
          assert.ok(!source.startsWith(DEMO_DIR), source);
          const graph = run.report.graph;
          assert.ok(graph, `no graph: ${run.report.graphError}`);
          const top = graph.sites[0];
          assert.equal(top?.site, 'main.newOrder', JSON.stringify(graph.sites.slice(0, 3)));
          assert.equal(top.path[0], 'global main.customers', JSON.stringify(top.path));
          assert.ok(graph.cycles.some((c) => c.sites.includes('main.newOrder')));
          await assertSameAsGraphCommand(run);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    ),

    t.test(
      'orm under plain go run: gcdiff keeps the symbol table go run would strip, the global is named',
      async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-hdr-orm-plain-'));
        try {
          const run = await runHeadless(dir, '2s,6s', ['go', 'run', './orm'], DEMO_DIR);
          assert.equal(run.code, 0, run.stderr);
          const meta = readJson<{ binarySource?: string }>(path.join(run.session, 'meta.json'));
          assert.equal(
            path.basename((meta.binarySource ?? '').replace(/ \(deleted\)$/, '')),
            'orm',
          );
          const top = run.report.graph?.sites[0];
          assert.equal(top?.site, 'main.newOrder', run.report.graphError);
          // go run links with -s -w; with --heapdump gcdiff adds -ldflags=-s=false.
          assert.equal(top.path[0], 'global main.customers', JSON.stringify(top.path));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    ),

    t.test(
      'a program without the heap-dump endpoint: marks fail, graph null with the reason, exit 1',
      async () => {
        const build = await buildGoProgram('profilegen');
        const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-hdr-nodump-'));
        try {
          const run = await runHeadless(dir, '1s,2s', [build.binary]);
          assert.equal(run.code, 1, run.stderr);
          const { report } = run;
          assert.ok(report.marks.length === 2 && report.marks.every((m) => m.status === 'error'));
          for (const m of report.marks) assert.match(m.error ?? '', /^heap dump: /);
          assert.equal(report.graph, null);
          assert.match(report.graphError ?? '', /fewer than two marks.*mark A-1: heap dump: /);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    ),
  ]);
});
