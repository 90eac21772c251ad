import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Mark, MarkFiles, TimelineStore } from '../core/timeline/store.js';
import { fetchHeapDump, fetchProfile, redactUrl } from './pprof-client.js';
import { FILE_MODE, type SessionRecorder } from './session.js';

export interface CaptureOptions {
  timeoutMs: number;
  heapdump: boolean;
}

/**
 * Takes the snapshots of one mark: heap (?gc=1, all four sample types) and
 * goroutine profiles, optionally a heap dump, saved under marks/<label>-<n>/
 * as files `go tool pprof` opens. Failures land on the mark; nothing throws.
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
      const file = path.join(dir, 'heapdump');
      await fetchHeapDump(pprofUrl, file, { timeoutMs: Math.max(options.timeoutMs, 60_000) });
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
