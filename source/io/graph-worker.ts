/**
 * The heap-dump analysis (analyzeDumpFiles: synchronous, seconds per GB) in a
 * worker thread, so the caller's event loop (the dashboard, the child's pipes)
 * keeps running. The worker posts progress (phase, bytes read) and then the
 * report; the main thread only forwards them.
 *
 * The entry is graph-worker-entry.js beside this module when built (dist/),
 * or graph-worker-entry.ts loaded through tsx when running from sources
 * (graph-worker-start.ts).
 */
import { UsageError } from '../core/errors.js';
import type { GraphReport } from '../core/heap/analysis.js';
import { startGraphWorker } from './graph-worker-start.js';
import type { GraphProgress } from './heapdump-file.js';

export type { GraphProgress } from './heapdump-file.js';

/** What the entry receives as workerData. */
export interface GraphWorkerRequest {
  a: string;
  b: string;
  binary: string | null;
}

/** What the entry posts back. */
export type GraphWorkerMessage =
  | { type: 'progress'; progress: GraphProgress }
  | { type: 'done'; report: GraphReport }
  | { type: 'error'; message: string; usage: boolean };

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return Object.assign(new Error('the heap-dump analysis was aborted'), { name: 'AbortError' });
}

/**
 * Compares heap dumps `a` and `b` (B later) in a worker thread; `binary`, when given,
 * names globals from its ELF symbols. Progress arrives through `onProgress`. Rejects with
 * a UsageError for unreadable or corrupt input, an Error for a crashed worker, and the
 * signal's reason (or an AbortError) when aborted; the worker is then terminated.
 */
export function analyzeDumpsInWorker(
  a: string,
  b: string,
  binary: string | null,
  onProgress?: (progress: GraphProgress) => void,
  signal?: AbortSignal,
): Promise<GraphReport> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<GraphReport>((resolve, reject) => {
    const request: GraphWorkerRequest = { a, b, binary };
    const worker = startGraphWorker('graph-worker-entry', request);
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      action();
      void worker.terminate();
    };
    const onAbort = () => settle(() => reject(abortError(signal as AbortSignal)));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: GraphWorkerMessage) => {
      if (message.type === 'progress') {
        if (!settled) onProgress?.(message.progress);
      } else if (message.type === 'done') {
        settle(() => resolve(message.report));
      } else {
        const error = message.usage ? new UsageError(message.message) : new Error(message.message);
        settle(() => reject(error));
      }
    });
    worker.on('error', (error) =>
      settle(() => reject(new Error(`heap-dump analysis failed: ${error.message}`))),
    );
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`heap-dump analysis stopped (worker exit code ${code})`))),
    );
  });
}
