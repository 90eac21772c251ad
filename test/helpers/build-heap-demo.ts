/**
 * Runs a heap demo of demo/ (families, orm) with the gcdiff agent and fetches
 * heap dumps from GET /debug/gcdiff/heapdump, for tests.
 *
 *   const demo = await startHeapDemo('families');
 *   const a = await demo.dump('a');  // path of a private file in demo.dir
 *   await demo.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildGoProgram } from './go-build.js';

export interface HeapDemo {
  binary: string;
  /** host:port of the demo's HTTP server. */
  address: string;
  /** Private directory for dumps. */
  dir: string;
  child: ChildProcess;
  stderr(): string;
  /** Fetches a dump into `<dir>/<name>.heapdump` and returns its path. */
  dump(name: string): Promise<string>;
  /** Kills the demo and removes the dump directory. */
  stop(): Promise<void>;
}

/**
 * GET a URL on loopback into a Buffer, on a connection of its own (no keep-alive pool: a
 * pooled socket could be one the server is closing, and two requests meant to overlap could
 * queue on one socket).
 */
export function httpGet(
  url: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error(`timeout fetching ${url}`)));
  });
}

export async function startHeapDemo(name: string, args: string[] = []): Promise<HeapDemo> {
  const build = await buildGoProgram(name);
  const dir = await mkdtemp(path.join(tmpdir(), `gcdiff-heap-${name}-`));
  const child = spawn(build.binary, ['-addr', '127.0.0.1:0', '-print-addr', ...args], {
    env: { ...process.env, GCDIFF_MEMPROFILERATE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-20_000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`${name} printed no address: ${stderr}`)),
        15_000,
      );
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        // demoserve prints `pprof: http://<host:port>/debug/pprof/`.
        const m = /pprof: http:\/\/(\S+?)\/debug\/pprof\//.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code}: ${stderr}`));
      });
    });
    child.stdout?.resume();
    return {
      binary: build.binary,
      address,
      dir,
      child,
      stderr: () => stderr,
      async dump(label: string) {
        const response = await httpGet(`http://${address}/debug/gcdiff/heapdump`);
        if (response.status !== 200)
          throw new Error(`heapdump: HTTP ${response.status} ${response.body}`);
        const file = path.join(dir, `${label}.heapdump`);
        await writeFile(file, response.body, { mode: 0o600 });
        return file;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
