/**
 * Real heap dumps from Go programs of demo/ built with this machine's Go:
 * heapcheck (known structures), families and orm (leaks with reference cycles).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { GraphReport } from '../../../source/core/heap/analysis.js';
import { buildHeapGraph, RootKind } from '../../../source/core/heap/heap-graph.js';
import { StackTable } from '../../../source/core/heap/sites.js';
import {
  analyzeDumpFiles,
  openHeapDumpFile,
  readBinarySymbols,
} from '../../../source/io/heapdump-file.js';
import { type HeapDemo, httpGet, startHeapDemo } from '../../helpers/build-heap-demo.js';
import { buildGoProgram } from '../../helpers/go-build.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const demos: HeapDemo[] = [];
const reports = new Map<string, GraphReport>();

async function twoDumps(name: string): Promise<void> {
  const demo = await startHeapDemo(name);
  demos.push(demo);
  await sleep(1000);
  const a = await demo.dump('a');
  await sleep(3000);
  const b = await demo.dump('b');
  reports.set(name, analyzeDumpFiles(a, b, demo.binary));
}

before(async () => {
  await Promise.all([twoDumps('families'), twoDumps('orm')]);
});

after(async () => {
  await Promise.all(demos.map((d) => d.stop()));
});

test('heapcheck: objects, pointers, roots and alloc samples of a known heap (Go 1.26)', async () => {
  const build = await buildGoProgram('heapcheck');
  const dir = await mkdtemp(path.join(tmpdir(), 'gcdiff-heapcheck-'));
  try {
    const dump = path.join(dir, 'check.heapdump');
    const { stdout } = await run(build.binary, ['-n', '1000', '-o', dump]);
    const known = JSON.parse(stdout) as {
      listHead: string;
      stackHeld: string;
      finalized: string;
      n: number;
    };
    const source = openHeapDumpFile(dump);
    const stacks = new StackTable();
    const g = buildHeapGraph(source, stacks, { edges: true });
    source.close();
    const symbols = readBinarySymbols(build.binary);
    const indexOf = (hex: string) => g.addresses.indexOf(Number.parseInt(hex, 16));
    // The list: 1000 nodes of 32 bytes, each pointing at the next (field +0x0).
    let v = indexOf(known.listHead);
    let length = 0;
    const seen = new Set<number>();
    while (v >= 0 && !seen.has(v)) {
      seen.add(v);
      length++;
      assert.equal(g.sizes[v], 32);
      assert.equal(
        stacks.sites[stacks.siteOfStack[g.stack[v]!]!],
        'main.main',
        'buildList is inlined into main.main',
      );
      const next = g.starts[v]! < g.starts[v + 1]! ? g.targets[g.starts[v]!]! : -1;
      v = next;
    }
    assert.equal(length, known.n);
    // Roots: the global main.listHead, the frame of main.holder, the finalizer.
    const rootsOf = (object: number) =>
      [...Array(g.roots.count).keys()].filter((r) => g.roots.target[r] === object);
    const head = indexOf(known.listHead);
    assert.ok(
      rootsOf(head).some(
        (r) =>
          g.roots.kind[r] === RootKind.global &&
          symbols.lookup(g.roots.slot[r]!)?.name === 'main.listHead',
      ),
    );
    const held = indexOf(known.stackHeld);
    assert.ok(
      rootsOf(held).some(
        (r) =>
          g.roots.kind[r] === RootKind.stack && g.roots.labels[g.roots.label[r]!] === 'main.holder',
      ),
    );
    assert.equal(
      stacks.sites[stacks.siteOfStack[g.stack[held]!]!],
      'main.newStackHeld',
      'noinline keeps the site',
    );
    assert.ok(indexOf(known.finalized) >= 0);
    assert.ok(g.sampledObjects >= known.n);
    assert.equal(g.params?.goVersion.startsWith('go1.'), true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('families: top new site, path from the global, one cycle per new family', () => {
  const report = reports.get('families')!;
  const top = report.sites[0]!;
  assert.equal(top.site, 'main.newFamily');
  assert.equal(top.path[0], 'global main.households');
  assert.match(top.path.at(-1)!, /main\.newFamily object$/);
  assert.ok(top.retainedBytes >= top.bytes * 0.9, 'a family retains its children');
  const cycle = report.cycles.find((c) => c.sites.join() === 'main.newFamily');
  assert.ok(cycle, JSON.stringify(report.cycles.map((c) => c.sites)));
  // A family: the Family, its children slice and 2..4 children.
  assert.ok(
    cycle.example.size >= 4 && cycle.example.size <= 6,
    `example size ${cycle.example.size}`,
  );
  assert.ok(cycle.components >= 20);
  assert.ok(cycle.objects >= cycle.components * 4 && cycle.objects <= cycle.components * 6);
  assert.equal(cycle.example.path[0], 'global main.households');
  // Family is 448 bytes (size class), Child 80.
  assert.ok(cycle.example.bytes >= 448 + 2 * 80 + 16);
});

test('orm: top new site, path from the global, customers with orders are cycles', async () => {
  const report = reports.get('orm')!;
  const top = report.sites[0]!;
  assert.equal(top.site, 'main.newOrder');
  assert.equal(top.path[0], 'global main.customers');
  const cycle = report.cycles.find((c) => c.sites.includes('main.newOrder'));
  assert.ok(cycle);
  assert.deepEqual(cycle.sites, ['main.newCustomer', 'main.newOrder']);
  // One strongly connected component per customer (Customer ↔ Orders ↔ Lines).
  assert.equal(cycle.components, 50);
  assert.equal(cycle.example.path[0], 'global main.customers');
  // The demo logs encoding/json's cycle error.
  const demo = demos.find((d) => d.binary.endsWith('/orm'))!;
  for (let i = 0; i < 50 && !demo.stderr().includes('encountered a cycle'); i++) await sleep(100);
  assert.match(
    demo.stderr(),
    /json: unsupported value: encountered a cycle via \S*main\.(Customer|Order|Line)/,
  );
});

test('agent: octet-stream with Content-Length; 429 or 200 for two simultaneous requests; 405 for POST', async (t) => {
  // A demo of its own, just started: a small heap, and no earlier test's connections.
  const demo = await startHeapDemo('families');
  t.after(() => demo.stop());
  const url = `http://${demo.address}/debug/gcdiff/heapdump`;
  const settled = await Promise.allSettled([httpGet(url), httpGet(url)]);
  const seen = settled
    .map((r) =>
      r.status === 'rejected'
        ? `error ${(r.reason as Error).message}`
        : `${r.value.status} ${r.value.status === 200 ? `${r.value.body.length} bytes` : r.value.body.toString().trim()}`,
    )
    .join('; ');
  const [first, second] = settled.map((r) => (r.status === 'fulfilled' ? r.value : null));
  assert.ok(first && second, seen);
  const statuses = [first.status, second.status].sort();
  // Usually one of two simultaneous requests is refused; both may pass if they do not overlap.
  assert.ok(statuses[0] === 200 && (statuses[1] === 200 || statuses[1] === 429), seen);
  const refused = first.status === 429 ? first : second.status === 429 ? second : null;
  if (refused) {
    assert.equal(refused.headers['retry-after'], '1');
    assert.match(refused.body.toString(), /another dump is in progress/);
  }
  const ok = first.status === 200 ? first : second;
  assert.equal(ok.headers['content-type'], 'application/octet-stream');
  assert.equal(Number(ok.headers['content-length']), ok.body.length);
  assert.equal(ok.body.subarray(0, 16).toString(), 'go1.7 heap dump\n');
  const post = await new Promise<{ status: number; allow: unknown }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, allow: res.headers.allow });
    });
    req.on('error', reject);
    req.end();
  });
  assert.deepEqual(post, { status: 405, allow: 'GET, HEAD' });
});
