/**
 * gcdiff yields the CPU to the program it watches.
 *
 * On a busy machine every bit of CPU gcdiff uses (parsing, drawing) is taken from the
 * program, so gcdiff runs at nice 10. On Linux the nice value belongs to a thread, and a
 * forked process inherits the value of the thread that forked it: the program must
 * therefore not be started from a niced thread, or it (and every restart) would run at
 * nice 10 too. A worker thread keeps the nice value gcdiff started with and does the
 * spawning; every other thread is reniced: the main thread, and the threads Node made at
 * start-up (V8's garbage collection and compiler helpers, libuv's pool), which would
 * otherwise compete with the program at full priority. Threads made later inherit nice 10
 * from the thread that makes them.
 *
 * Elsewhere (macOS sets the nice value of the whole process), or if the worker cannot
 * start, children are spawned from the main thread and nothing is reniced.
 */
import { type StdioOptions, spawn as spawnHere } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { type AutogroupChange, raiseAutogroupNice, restoreAutogroup } from './autogroup.js';

export const GCDIFF_NICE = 10;

export interface SpawnSpec {
  file: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdin, stdout, stderr: 'ignore' or a file descriptor of this process. */
  stdio: ['ignore' | number, number, number];
}

export interface Spawned {
  pid: number;
  /** 'close' of the child: its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export class SpawnError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

// The worker: plain JavaScript, so it runs the same from dist/ and under tsx.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { spawn } = require('node:child_process');
let tid = null;
try {
  tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
} catch {}
parentPort.postMessage({ ready: true, tid });
parentPort.on('message', (m) => {
  let child;
  try {
    child = spawn(m.file, m.args, { env: m.env, cwd: m.cwd, stdio: m.stdio, detached: true, shell: false });
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: { code: error.code, message: error.message } });
    return;
  }
  child.once('spawn', () => parentPort.postMessage({ id: m.id, pid: child.pid }));
  child.once('error', (error) => parentPort.postMessage({ id: m.id, error: { code: error.code, message: error.message } }));
  child.once('close', (code, signal) => parentPort.postMessage({ id: m.id, exit: { code, signal } }));
});
`;

interface Pending {
  started(pid: number): void;
  failed(error: SpawnError): void;
  exited(exit: { code: number | null; signal: NodeJS.Signals | null }): void;
}

class WorkerSpawner {
  /** False once the thread has ended; spawns then happen on the calling thread. */
  alive = true;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly worker: Worker) {
    worker.unref();
    // Never leave a caller waiting if the spawning thread dies (a bug): spawns fail, and
    // children already started count as gone.
    const orphan = () => {
      this.alive = false;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.failed(new SpawnError('EWORKER', 'the spawning thread ended'));
        p.exited({ code: null, signal: null });
      }
    };
    worker.on('error', orphan);
    worker.on('exit', orphan);
    worker.on(
      'message',
      (m: {
        id?: number;
        pid?: number;
        error?: { code?: string; message: string };
        exit?: { code: number | null; signal: NodeJS.Signals | null };
      }) => {
        if (m.id === undefined) return;
        const p = this.pending.get(m.id);
        if (!p) return;
        if (m.pid !== undefined) p.started(m.pid);
        else if (m.error) {
          this.pending.delete(m.id);
          p.failed(new SpawnError(m.error.code, m.error.message));
        } else if (m.exit) {
          this.pending.delete(m.id);
          p.exited(m.exit);
        }
      },
    );
  }

  spawn(spec: SpawnSpec): Promise<Spawned> {
    const id = this.nextId++;
    // While a child runs, the worker keeps the process alive (as a child process would).
    this.worker.ref();
    return new Promise((resolve, reject) => {
      let resolveExit: Pending['exited'] = () => {};
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => {
        resolveExit = r;
      });
      const done = () => {
        if (this.pending.size === 0) this.worker.unref();
      };
      this.pending.set(id, {
        started: (pid) => resolve({ pid, exited }),
        failed: (error) => {
          done();
          reject(error);
        },
        exited: (exit) => {
          done();
          resolveExit(exit);
        },
      });
      this.worker.postMessage({ id, ...spec, args: [...spec.args] });
    });
  }
}

function spawnInThread(spec: SpawnSpec): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    let child: ReturnType<typeof spawnHere>;
    try {
      child = spawnHere(spec.file, [...spec.args], {
        env: spec.env,
        cwd: spec.cwd,
        stdio: spec.stdio as StdioOptions,
        detached: true,
        shell: false,
      });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      reject(new SpawnError(e.code, e.message));
      return;
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.once('close', (code, signal) => r({ code, signal })),
    );
    child.once('spawn', () => resolve({ pid: child.pid as number, exited }));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new SpawnError(error.code, error.message)),
    );
  });
}

let spawner: Promise<WorkerSpawner | null> | null = null;

/** Makes the spawning worker, then lowers the main thread's priority (Linux only). */
function niceSpawner(): Promise<WorkerSpawner | null> {
  if (process.platform !== 'linux' || process.env.GCDIFF_NO_NICE === '1') {
    return Promise.resolve(null);
  }
  spawner ??= new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true });
    } catch {
      resolve(null);
      return;
    }
    worker.once('error', () => resolve(null));
    worker.once('message', (m: { ready?: boolean; tid?: number | null }) => {
      reniceThreads(m.tid ?? null);
      lowerSession();
      resolve(new WorkerSpawner(worker));
    });
  });
  return spawner;
}

/**
 * Lowers the priority of every thread of this process but the spawning worker's. On Linux
 * setpriority(PRIO_PROCESS, id) changes the one thread whose id that is. Without the worker's
 * thread id (no /proc/thread-self), only the main thread is reniced.
 */
function reniceThreads(workerTid: number | null): void {
  let tids = [process.pid];
  if (workerTid !== null && Number.isInteger(workerTid)) {
    try {
      tids = readdirSync('/proc/self/task')
        .map(Number)
        .filter((tid) => Number.isInteger(tid) && tid !== workerTid);
    } catch {
      // keep the main thread only
    }
  }
  for (const tid of tids) {
    try {
      os.setPriority(tid, Math.max(os.getPriority(tid), GCDIFF_NICE));
    } catch {
      // not allowed, or the thread ended: run at the priority we have
    }
  }
}

let sessionChange: AutogroupChange | null = null;

/**
 * The program leads a session of its own, so with autogroups (see autogroup.ts) the nice
 * value of gcdiff's threads does not count against it: gcdiff's session gets the same
 * nice value while gcdiff runs, set back at exit. On a 2-core VM this took the flood test
 * program from 0.85× to 0.89× of its progress alone (bench/flood.bench.ts).
 */
function lowerSession(): void {
  sessionChange = raiseAutogroupNice(GCDIFF_NICE);
  const change = sessionChange;
  if (change) process.once('exit', () => restoreAutogroup(change));
}

/** The change made to gcdiff's session's autogroup, for the watchdog to undo if gcdiff is killed. */
export function sessionAutogroupChange(): AutogroupChange | null {
  return sessionChange;
}

/** Spawns a detached child (its own process group, no shell) at gcdiff's starting priority. */
export async function spawnChild(spec: SpawnSpec): Promise<Spawned> {
  const worker = await niceSpawner();
  return worker?.alive ? worker.spawn(spec) : spawnInThread(spec);
}
