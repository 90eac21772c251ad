import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { UsageError } from '../core/errors.js';
import { TraceIngest } from '../core/timeline/ingest.js';
import type { Mark, TimelineStore } from '../core/timeline/store.js';

export interface SessionMeta {
  command?: string[];
  pid?: number;
  startedAt?: string;
  endedAt?: string;
  env?: { GOGC?: string | null; GOMEMLIMIT?: string | null };
  pprofUrl?: string | null;
  exit?: { code: number | null; signal: string | null };
  [key: string]: unknown;
}

export function readSessionMeta(dir: string): SessionMeta {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`cannot open session ${dir}: no such directory`);
  }
  if (!isDir) throw new UsageError(`cannot open session ${dir}: not a directory`);
  const metaFile = path.join(dir, 'meta.json');
  if (!existsSync(metaFile) || !existsSync(path.join(dir, 'events.jsonl'))) {
    throw new UsageError(`${dir} is not a gcdiff session (no meta.json or events.jsonl)`);
  }
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as unknown;
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta))
      throw new Error('not an object');
    return meta as SessionMeta;
  } catch (error) {
    throw new UsageError(`${metaFile} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Resolves a mark's file paths against the session (sessions may be moved or copied). */
function relocate(file: string | null, dir: string): string | null {
  if (!file) return null;
  if (!path.isAbsolute(file)) return path.join(dir, file);
  const marker = `${path.sep}marks${path.sep}`;
  const at = file.lastIndexOf(marker);
  const local = at === -1 ? null : path.join(dir, file.slice(at + 1));
  if (local && existsSync(local)) return local;
  return existsSync(file) ? file : null;
}

/**
 * Replays events.jsonl into a store through the same ingest path as a live run.
 * Calls `progress` every 64k events so a caller can draw while loading.
 */
export async function loadSession(
  dir: string,
  store: TimelineStore,
  progress?: (events: number) => void,
): Promise<{ meta: SessionMeta; events: number; badLines: number; lastMs: number }> {
  const meta = readSessionMeta(dir);
  store.setChild({
    command: meta.command ?? [],
    pid: meta.pid ?? null,
    state: 'detached',
    pprofUrl: typeof meta.pprofUrl === 'string' ? meta.pprofUrl : null,
  });
  const ingest = new TraceIngest(store);
  const lines = createInterface({
    input: createReadStream(path.join(dir, 'events.jsonl'), { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let events = 0;
  let badLines = 0;
  let lastMs = 0;
  for await (const line of lines) {
    if (!line) continue;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      badLines++; // a session cut off mid-write ends in a partial line
      continue;
    }
    events++;
    const t = typeof e.t === 'number' ? e.t : lastMs;
    lastMs = Math.max(lastMs, t);
    if (
      e.type === 'chunk' &&
      (e.stream === 'stdout' || e.stream === 'stderr') &&
      typeof e.text === 'string'
    ) {
      ingest.chunk(e.stream, e.text, t);
    } else if (e.type === 'child' && e.state === 'exited') {
      ingest.endOfProcess(t);
      store.setChild({
        exitCode: typeof e.code === 'number' ? e.code : null,
        signal: typeof e.signal === 'string' ? e.signal : null,
      });
    } else if (e.type === 'mark' && typeof e.mark === 'object' && e.mark !== null) {
      const mark = e.mark as Mark;
      store.restoreMark({
        ...mark,
        id: store.getMarks().length + 1,
        files: {
          heap: relocate(mark.files?.heap ?? null, dir),
          goroutine: relocate(mark.files?.goroutine ?? null, dir),
          heapdump: relocate(mark.files?.heapdump ?? null, dir),
        },
      });
    }
    if (progress && events % 65536 === 0) progress(events);
  }
  ingest.endOfProcess(lastMs);
  if (meta.exit) store.setChild({ exitCode: meta.exit.code, signal: meta.exit.signal });
  return { meta, events, badLines, lastMs };
}
