/**
 * Runs demo/profilegen and captures real heap and goroutine profiles from its net/http/pprof
 * endpoint: a base after `growBefore` rounds of growth and a target after `growBetween` more.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { buildGoProgram } from '../../helpers/go-build.js';

export interface CapturedPair {
  dir: string;
  heapA: string;
  heapB: string;
  goroutineA: string;
  goroutineB: string;
}

export interface CaptureOptions {
  growBefore?: number;
  growBetween?: number;
  /** runtime.MemProfileRate for the program (default 4096: many samples, small files). */
  memProfileRate?: number;
  /** Where to write the profiles (default: a new temporary directory). */
  dir?: string;
}

async function get(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function captureProfilePair(options: CaptureOptions = {}): Promise<CapturedPair> {
  const { binary } = await buildGoProgram('profilegen');
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'gcdiff-profiles-')));
  const child = spawn(binary, [], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PROFILEGEN_MEMPROFILERATE: String(options.memProfileRate ?? 4096) },
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(() => reject(new Error('profilegen printed no port')), 20_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        const m = /^PORT (\d+)$/.exec(line);
        if (m) resolve(Number(m[1]));
        else reject(new Error(`profilegen said ${JSON.stringify(line)}`));
      });
      child.once('exit', (code) => reject(new Error(`profilegen exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const files: CapturedPair = {
      dir,
      heapA: path.join(dir, 'heap-a.pb.gz'),
      heapB: path.join(dir, 'heap-b.pb.gz'),
      goroutineA: path.join(dir, 'goroutine-a.pb.gz'),
      goroutineB: path.join(dir, 'goroutine-b.pb.gz'),
    };
    await get(`${base}/grow?n=${options.growBefore ?? 2}`);
    await writeFile(files.heapA, await get(`${base}/debug/pprof/heap?gc=1`));
    await writeFile(files.goroutineA, await get(`${base}/debug/pprof/goroutine`));
    await get(`${base}/grow?n=${options.growBetween ?? 3}`);
    await writeFile(files.heapB, await get(`${base}/debug/pprof/heap?gc=1`));
    await writeFile(files.goroutineB, await get(`${base}/debug/pprof/goroutine`));
    return files;
  } finally {
    child.kill('SIGKILL');
  }
}
