/**
 * Heap-dump reading and analysis (`gcdiff graph`) on a large heap made by
 * demo/bigheap: about GCDIFF_BENCH_HEAP_MB MiB (default 1024) of 64-byte
 * linked nodes, dumped twice (A, then B after 5% more) into bench/out/.
 * Anchor: a raw chunked read of the same two files, in the same run.
 * The analysis runs in a child process (the real CLI, `graph --json`) so that
 * its peak RSS can be measured (/usr/bin/time -v, else the child's own report).
 */
import { execFile, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildGoProgram } from '../test/helpers/go-build.js';
import type { BenchResult } from './result.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
const out = path.join(root, 'bench', 'out');
const MB = 1024 * 1024;

function rawRead(files: string[]): number {
  const buffer = new Uint8Array(4 * MB);
  let total = 0;
  const start = performance.now();
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        if (n <= 0) break;
        total += n;
      }
    } finally {
      closeSync(fd);
    }
  }
  void total;
  return performance.now() - start;
}

interface ChildRun {
  ms: number;
  maxRssBytes: number | null;
  /** User + system CPU seconds (from /usr/bin/time): steadier than wall time on a shared machine. */
  cpuSeconds: number | null;
  stdout: string;
}

/** Flushes the freshly written dumps, so that their write-back does not run during the timing. */
function flush(files: string[]): void {
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

function runGraph(a: string, b: string, binary: string): Promise<ChildRun> {
  const timeBinary = '/usr/bin/time';
  const useTime = existsSync(timeBinary);
  const node = [
    process.execPath,
    '--import',
    'tsx',
    'cli.tsx',
    'graph',
    a,
    b,
    '--binary',
    binary,
    '--json',
  ];
  const argv = useTime ? [timeBinary, '-v', ...node] : node;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) {
        const own = stderr.split('\n').filter((line) => !line.startsWith('\t'));
        reject(new Error(`gcdiff graph exited ${code}: ${own.join('\n').slice(-2000)}`));
        return;
      }
      const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : null;
      resolve({ ms, maxRssBytes: match ? Number(match[1]) * 1024 : null, cpuSeconds, stdout });
    });
  });
}

export default async function heapdumpBench(): Promise<BenchResult[]> {
  const heapMb = Number(process.env.GCDIFF_BENCH_HEAP_MB ?? 1024);
  if (!Number.isFinite(heapMb) || heapMb <= 0)
    throw new Error('GCDIFF_BENCH_HEAP_MB must be a positive number');
  mkdirSync(out, { recursive: true, mode: 0o700 });
  // A directory of this run's own: two benches in one working tree must not overwrite each
  // other's dumps (seen: a dump rewritten while gcdiff read it). Removed at the end.
  const dir = mkdtempSync(path.join(out, 'heapdump-'));
  try {
    return await benchIn(dir, heapMb);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchIn(out: string, heapMb: number): Promise<BenchResult[]> {
  const build = await buildGoProgram('bigheap');
  const a = path.join(out, `bigheap-${heapMb}-a.heapdump`);
  const b = path.join(out, `bigheap-${heapMb}-b.heapdump`);
  const genStart = performance.now();
  await run(build.binary, ['-mb', String(heapMb), '-a', a, '-b', b], { maxBuffer: MB });
  const genMs = performance.now() - genStart;
  const bytes = statSync(a).size + statSync(b).size;
  const bytesB = statSync(b).size;
  process.stderr.write(
    `bench: bigheap ${heapMb} MiB: dumps ${(statSync(a).size / MB).toFixed(0)} + ${(bytesB / MB).toFixed(0)} MiB written in ${(genMs / 1000).toFixed(1)} s\n`,
  );

  flush([a, b]);
  const rawMs = Math.min(rawRead([a, b]), rawRead([a, b]));
  const graph = await runGraph(a, b, build.binary);
  const report = JSON.parse(graph.stdout) as {
    sites: { site: string }[];
    newObjects: { count: number };
  };
  process.stderr.write(
    `bench: graph ${(graph.ms / 1000).toFixed(2)} s (CPU ${graph.cpuSeconds === null ? '?' : `${graph.cpuSeconds.toFixed(2)} s`}), top site ${report.sites[0]?.site}, ${report.newObjects.count} new objects, max RSS ${graph.maxRssBytes === null ? '?' : `${(graph.maxRssBytes / MB).toFixed(0)} MiB`}\n`,
  );
  const mbps = (ms: number) => bytes / MB / (ms / 1000);
  const results: BenchResult[] = [
    {
      name: `heap dump read+analysis (gcdiff graph, ${heapMb} MiB heap, A+B ${(bytes / MB).toFixed(0)} MiB)`,
      anchor: 'raw 4 MiB chunked read of the same files',
      value: `${mbps(graph.ms).toFixed(0)} MB/s`,
      anchorValue: `${mbps(rawMs).toFixed(0)} MB/s`,
      ratio: mbps(graph.ms) / mbps(rawMs),
      ratioMeaning: 'throughput vs anchor (higher is better)',
      target: '-',
      met: null,
    },
    {
      name: `gcdiff graph total time, ${heapMb} MiB heap (two dumps)`,
      anchor: 'raw read of the same files',
      value: `${(graph.ms / 1000).toFixed(2)} s`,
      anchorValue: `${(rawMs / 1000).toFixed(2)} s`,
      ratio: graph.ms / rawMs,
      ratioMeaning: 'time vs anchor (lower is better)',
      target: '≤ 15 s for 1 GiB',
      met: heapMb >= 1024 ? graph.ms <= 15_000 : null,
    },
  ];
  if (graph.maxRssBytes !== null) {
    results.push({
      name: `gcdiff graph peak RSS, ${heapMb} MiB heap`,
      anchor: 'size of dump B',
      value: `${(graph.maxRssBytes / MB).toFixed(0)} MiB`,
      anchorValue: `${(bytesB / MB).toFixed(0)} MiB`,
      ratio: graph.maxRssBytes / bytesB,
      ratioMeaning: 'memory vs dump size (lower is better)',
      target: '≤ 2×',
      met: graph.maxRssBytes <= 2 * bytesB,
    });
  }
  return results;
}
