import { once } from 'node:events';
import {
  chmodSync,
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  type WriteStream,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { cycleToJson } from '../core/format/cycle-json.js';
import type { GcCycle } from '../core/gctrace/types.js';
import { fsErrorText } from './fs-error.js';

/** Directories 0700 and files 0600: heap dumps and logs hold process memory and output. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;
/** Longest a session line (an event, a cycle) waits before it is written. */
const FLUSH_MS = 250;

export function defaultSessionRoot(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(state, 'gcdiff', 'sessions');
}

function timestampName(date: Date): string {
  // 2026-11-25T17-08-29-123Z: sortable, no colons (portable file names).
  return date.toISOString().replace(/:/g, '-').replace('.', '-');
}

/**
 * `mkdir -p` with mode 0700, component by component: Node 20's recursive mkdirSync loops
 * forever when a parent exists but cannot hold the child (a path under /proc, a dangling
 * symlink). Throws the errno error of the component that fails, or ENOTDIR if `dir` is
 * something other than a directory.
 */
export function makePrivateDir(dir: string): void {
  const missing: string[] = [];
  for (let p = path.resolve(dir); !existsSync(p); ) {
    missing.push(p);
    const up = path.dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode: DIR_MODE });
    } catch (error) {
      // Made meanwhile by someone else: fine if it is a directory.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(d)) throw error;
    }
  }
  if (!isDirectory(dir)) {
    throw Object.assign(new Error(`not a directory: ${dir}`), { code: 'ENOTDIR' });
  }
  chmodSync(dir, DIR_MODE);
}

/**
 * Creates dir (its parents as makePrivateDir does) and returns it, or, if it exists already,
 * the first of dir-2, dir-3, … that does not: two gcdiff runs started in the same millisecond
 * must not record into one default session (both children would append to one stderr.log).
 */
function newDirNear(dir: string): string {
  makePrivateDir(path.dirname(dir));
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? dir : `${dir}-${n}`;
    try {
      mkdirSync(candidate, { mode: DIR_MODE });
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw error;
    }
  }
}

/** The files a recording is made of: one of them in a directory means it holds one. */
const RECORDING_FILES = [
  'meta.json',
  'events.jsonl',
  'cycles.jsonl',
  'stdout.log',
  'stderr.log',
  'report.json',
  'marks',
];

/** The first recording file in dir, or null (none, or dir is not a readable directory). */
function recordingFileIn(dir: string): string | null {
  if (!isDirectory(dir)) return null;
  return RECORDING_FILES.find((name) => existsSync(path.join(dir, name))) ?? null;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Writes a file atomically (temp file + rename) with mode 0600. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: FILE_MODE });
  chmodSync(tmp, FILE_MODE);
  renameSync(tmp, file);
}

export type SessionEvent =
  | { t: number; type: 'chunk'; stream: 'stdout' | 'stderr'; text: string }
  | { t: number; type: 'mark'; mark: unknown }
  | {
      t: number;
      type: 'child';
      state: string;
      pid?: number | null;
      code?: number | null;
      signal?: string | null;
    }
  | { t: number; type: 'pprof'; url: string };

/**
 * A session directory as DESIGN.md lays it out: meta.json, stdout.log and
 * stderr.log (the child's bytes, unchanged), events.jsonl (enough to replay),
 * cycles.jsonl, marks/<label>-<n>/ and report.json.
 */
export class SessionRecorder {
  readonly dir: string;
  private stdout: WriteStream | null = null;
  private stderr: WriteStream | null = null;
  private readonly events: WriteStream;
  private readonly cycles: WriteStream;
  private meta: Record<string, unknown> = {};
  private closed = false;
  private readonly pending = new Map<WriteStream, Buffer[]>();
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(dir: string) {
    this.dir = dir;
    makePrivateDir(dir);
    for (const name of ['stdout.log', 'stderr.log']) closeSync(this.openLog(name));
    this.events = this.open('events.jsonl');
    this.cycles = this.open('cycles.jsonl');
  }

  private open(name: string): WriteStream {
    const stream = createWriteStream(path.join(this.dir, name), { flags: 'a', mode: FILE_MODE });
    stream.on('error', () => {});
    return stream;
  }

  private openLog(name: string): number {
    const fd = openSync(path.join(this.dir, name), 'a', FILE_MODE);
    chmodSync(path.join(this.dir, name), FILE_MODE);
    return fd;
  }

  /** stdout.log or stderr.log. */
  logPath(stream: 'stdout' | 'stderr'): string {
    return path.join(this.dir, `${stream}.log`);
  }

  /**
   * Descriptors open for append on stdout.log and stderr.log, for a child to write to
   * directly; the caller closes them once the child has them.
   */
  openChildOutput(): { stdout: number; stderr: number } {
    return { stdout: this.openLog('stdout.log'), stderr: this.openLog('stderr.log') };
  }

  /**
   * Creates the session directory and its files; a directory that cannot be is a UsageError,
   * and so is a --session that holds a recording already: the new run would append its
   * program's output and cycles to the old ones, and both recordings would be lost.
   */
  static create(requested: string | undefined, now = new Date()): SessionRecorder {
    let dir = requested
      ? path.resolve(requested)
      : path.join(defaultSessionRoot(), timestampName(now));
    const old = requested ? recordingFileIn(dir) : null;
    if (old !== null) {
      throw new UsageError(
        `cannot record into ${dir}: it holds a recording already (${old}); give another --session, or remove it first`,
      );
    }
    try {
      if (!requested) dir = newDirNear(dir);
      return new SessionRecorder(dir);
    } catch (error) {
      const at = (error as NodeJS.ErrnoException).path;
      const where = at && at !== dir ? `${at}: ` : '';
      throw new UsageError(`cannot create session ${dir}: ${where}${fsErrorText(error)}`);
    }
  }

  writeMeta(patch: Record<string, unknown>): void {
    this.meta = { ...this.meta, ...patch };
    writePrivateFile(path.join(this.dir, 'meta.json'), `${JSON.stringify(this.meta, null, 2)}\n`);
  }

  /**
   * Writes are gathered and go out every 250 ms (or at 256 KiB) as one write per file:
   * a child at 1000 GCs a second would otherwise cost thousands of writes a second, and each
   * write is a round trip through libuv's thread pool. The program's own bytes never wait
   * here (it writes stdout.log and stderr.log itself); close() writes what is gathered.
   */
  private queue(stream: WriteStream, data: Buffer): void {
    let list = this.pending.get(stream);
    if (!list) {
      list = [];
      this.pending.set(stream, list);
    }
    list.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= 256 * 1024) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [stream, list] of this.pending) {
      if (list.length > 0)
        stream.write(list.length === 1 ? (list[0] as Buffer) : Buffer.concat(list));
    }
    this.pending.clear();
    this.pendingBytes = 0;
  }

  /** Bytes of a trace that does not write the logs itself (attach), unchanged. */
  rawOutput(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    if (this.closed) return;
    if (stream === 'stdout') {
      this.stdout ??= this.open('stdout.log');
      this.queue(this.stdout, chunk);
    } else {
      this.stderr ??= this.open('stderr.log');
      this.queue(this.stderr, chunk);
    }
  }

  event(event: SessionEvent): void {
    if (this.closed) return;
    this.queue(this.events, Buffer.from(`${JSON.stringify(event)}\n`));
  }

  cycle(cycle: GcCycle): void {
    if (this.closed) return;
    this.queue(this.cycles, Buffer.from(`${JSON.stringify(cycleToJson(cycle))}\n`));
  }

  /** marks/<label>-<n>/, created 0700. */
  markDir(label: string, id: number): string {
    const dir = path.join(this.dir, 'marks', `${label}-${id}`);
    makePrivateDir(path.join(this.dir, 'marks'));
    makePrivateDir(dir);
    return dir;
  }

  writeReport(report: unknown): string {
    const file = path.join(this.dir, 'report.json');
    writePrivateFile(file, `${JSON.stringify(report, null, 2)}\n`);
    return file;
  }

  /** Flushes and closes every file; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const streams = [this.stdout, this.stderr, this.events, this.cycles].filter(
      (s): s is WriteStream => s !== null,
    );
    this.flush();
    await Promise.all(
      streams.map(async (s) => {
        s.end();
        if (!s.closed) await once(s, 'close').catch(() => {});
      }),
    );
  }
}
