/** Worker thread entry of analyzeDumpsInWorker (graph-worker.ts): one analysis, then exit. */
import { parentPort, workerData } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import type { GraphWorkerMessage, GraphWorkerRequest } from './graph-worker.js';
import { analyzeDumpFiles } from './heapdump-file.js';

const port = parentPort;
if (port) {
  const request = workerData as GraphWorkerRequest;
  const post = (message: GraphWorkerMessage) => port.postMessage(message);
  try {
    const report = analyzeDumpFiles(request.a, request.b, request.binary ?? undefined, (progress) =>
      post({ type: 'progress', progress }),
    );
    post({ type: 'done', report });
  } catch (error) {
    post({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
      usage: error instanceof UsageError,
    });
  }
}
