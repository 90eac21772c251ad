/**
 * Writes a synthetic recorded session (DESIGN.md, "Session directory"): meta.json and an
 * events.jsonl of stderr chunks of rendered gctrace lines, as a live run records them, so
 * that `gcdiff replay <dir>` and loadSession() read it like a real one.
 *
 *   await ensureSyntheticSession(path.join(OUT_DIR, 'session-1m'), { cycles: 1_000_000 });
 *   node --import tsx bench/lib/synthetic-session.ts <dir> [cycles]
 */
import { once } from 'node:events';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type TraceChunkOptions, traceChunks } from './trace-lines.js';

const GENERATOR_VERSION = 1;

export interface SyntheticSessionOptions extends TraceChunkOptions {
  cycles: number;
  /** Every this many cycles, one line of program output on stdout (default 1000; 0 for none). */
  stdoutEvery?: number;
}

export interface SyntheticSession {
  dir: string;
  cycles: number;
  events: number;
  bytes: number;
}

function describe(o: SyntheticSessionOptions): string {
  return JSON.stringify({ v: GENERATOR_VERSION, ...o });
}

/** Writes the session into `dir` (replacing what is there). */
export async function writeSyntheticSession(
  dir: string,
  options: SyntheticSessionOptions,
): Promise<SyntheticSession> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const spacing = options.spacingSeconds ?? 0.001;
  const stdoutEvery = options.stdoutEvery ?? 1000;
  const out = createWriteStream(path.join(dir, 'events.jsonl'), { mode: 0o600 });
  let events = 0;
  let bytes = 0;
  let buffer = '';
  const write = async (event: unknown) => {
    buffer += `${JSON.stringify(event)}\n`;
    events++;
    if (buffer.length >= 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  };
  const t0 = 150; // ms from session start to the child's spawn
  await write({ t: t0, type: 'child', state: 'running', pid: 4242 });
  let lastMs = t0;
  let nextStdout = stdoutEvery;
  for (const chunk of traceChunks(options.cycles, options)) {
    lastMs = t0 + chunk.lastN * spacing * 1000 + 0.05;
    await write({ t: lastMs, type: 'chunk', stream: 'stderr', text: chunk.text });
    if (stdoutEvery > 0 && chunk.lastN >= nextStdout) {
      await write({
        t: lastMs,
        type: 'chunk',
        stream: 'stdout',
        text: `served ${chunk.lastN} requests\n`,
      });
      nextStdout += stdoutEvery;
    }
  }
  lastMs += 5;
  await write({ t: lastMs, type: 'child', state: 'exited', code: 0, signal: null });
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'close');
  const meta = {
    gcdiff: 1,
    command: ['gcstorm', '-synthetic'],
    pid: 4242,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + lastMs).toISOString(),
    env: { GOGC: null, GOMEMLIMIT: null, GOMAXPROCS: null },
    exit: { code: 0, signal: null, atMs: Math.round(lastMs) },
    cycles: options.cycles,
    synthetic: describe(options),
  };
  writeFileSync(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
  return { dir, cycles: options.cycles, events, bytes };
}

/** Reuses `dir` when it holds a session made with the same options; writes it otherwise. */
export async function ensureSyntheticSession(
  dir: string,
  options: SyntheticSessionOptions,
): Promise<SyntheticSession> {
  const done = path.join(dir, '.complete.json');
  if (existsSync(done)) {
    const known = JSON.parse(readFileSync(done, 'utf8')) as SyntheticSession & { options: string };
    if (known.options === describe(options))
      return { dir, cycles: known.cycles, events: known.events, bytes: known.bytes };
  }
  const made = await writeSyntheticSession(dir, options);
  writeFileSync(done, JSON.stringify({ ...made, options: describe(options) }));
  return made;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, cycles] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write(
      'usage: node --import tsx bench/lib/synthetic-session.ts <dir> [cycles]\n',
    );
    process.exit(2);
  }
  const made = await writeSyntheticSession(path.resolve(dir), {
    cycles: Number(cycles ?? 1_000_000),
  });
  process.stdout.write(
    `${made.dir}: ${made.cycles} cycles, ${made.events} events, ${made.bytes} bytes\n`,
  );
}
