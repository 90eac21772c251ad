import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Mark, MarkFiles, TimelineStore } from '../core/timeline/store.js';
import { copySessionBinary, sessionBinary } from './binary-copy.js';
import { fetchHeapDump, fetchProfile, redactUrl } from './pprof-client.js';
import { FILE_MODE, type SessionRecorder } from './session.js';

/** Starts the error of a mark whose heap dump could not be fetched. */
export const HEAPDUMP_ERROR_PREFIX = 'heap dump: ';

export interface CaptureOptions {
  timeoutMs: number;
  heapdump: boolean;
}

/**
 * Takes the snapshots of one mark: heap (?gc=1, all four sample types) and
 * goroutine profiles, optionally a heap dump, saved under marks/<label>-<n>/
 * as files `go tool pprof` opens. Failures land on the mark; nothing throws.
 * With a heap dump, the first mark also copies the program's executable into
 * the session (`binary`, see binary-copy.ts) to name globals later; a failed
 * copy is noted in meta.json and does not fail the mark.
 */
export async function captureMark(
  mark: Mark,
  pprofUrl: string | null,
  store: TimelineStore,
  session: SessionRecorder,
  options: CaptureOptions,
): Promise<Mark> {
  const fail = (error: string): Mark => {
    store.updateMark(mark.id, { status: 'error', error });
    return { ...mark, status: 'error', error };
  };
  if (!pprofUrl) {
    return fail(
      'no pprof endpoint: none found on the program\'s loopback sockets (import _ "net/http/pprof" and serve it, or pass --pprof)',
    );
  }
  const dir = session.markDir(mark.label, mark.id);
  const files: MarkFiles = { heap: null, goroutine: null, heapdump: null };
  try {
    const heap = await fetchProfile(pprofUrl, 'heap', { timeoutMs: options.timeoutMs });
    files.heap = path.join(dir, 'heap.pb.gz');
    writeFileSync(files.heap, heap, { mode: FILE_MODE });
    const goroutine = await fetchProfile(pprofUrl, 'goroutine', { timeoutMs: options.timeoutMs });
    files.goroutine = path.join(dir, 'goroutine.pb.gz');
    writeFileSync(files.goroutine, goroutine, { mode: FILE_MODE });
    if (options.heapdump) {
      const pid = store.getChild().pid;
      if (pid !== null && sessionBinary(session.dir) === null) {
        await copySessionBinary(session, pid, pprofUrl);
      }
      const file = path.join(dir, 'heapdump');
      try {
        await fetchHeapDump(pprofUrl, file, { timeoutMs: Math.max(options.timeoutMs, 60_000) });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${HEAPDUMP_ERROR_PREFIX}${message}`);
      }
      files.heapdump = file;
    }
  } catch (error) {
    store.updateMark(mark.id, { files });
    const message = error instanceof Error ? error.message : String(error);
    return { ...fail(redactUrl(message)), files };
  }
  store.updateMark(mark.id, { status: 'ok', files });
  return { ...mark, status: 'ok', files };
}
