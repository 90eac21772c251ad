/**
 * Worker entry: reads the objects of heap dump A (no edges) with its own StackTable and
 * posts them (buffers transferred) to `port`, then sets `flag` so that the thread reading
 * dump B can wait for them synchronously (heapdump-file.ts, analyzeDumpFiles).
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import { StackTable } from '../core/heap/sites.js';
import { objectTableOf, readGraph } from './heapdump-file.js';

export interface ObjectsRequest {
  file: string;
  label: string;
  port: MessagePort;
  /** Set to 1 (and notified) once the answer is posted. */
  flag: Int32Array;
  /** [0]: bytes of the file read so far. */
  progress: Float64Array;
}

const request = workerData as ObjectsRequest;
try {
  const stacks = new StackTable();
  const graph = readGraph(request.file, request.label, stacks, false, (n) => {
    request.progress[0] = (request.progress[0] ?? 0) + n;
  });
  const table = objectTableOf(graph);
  request.port.postMessage({ type: 'done', table, frames: stacks.frames }, [
    graph.addresses.buffer as ArrayBuffer,
    graph.sizes.buffer as ArrayBuffer,
    graph.stack.buffer as ArrayBuffer,
  ]);
} catch (error) {
  request.port.postMessage({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
    usage: error instanceof UsageError,
  });
} finally {
  Atomics.store(request.flag, 0, 1);
  Atomics.notify(request.flag, 0);
  request.port.close();
}
