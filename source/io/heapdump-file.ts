import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import {
  type AnalysisPhase,
  type AnalyzeOptions,
  compareGraphs,
  type GraphReport,
  type ObjectTable,
} from '../core/heap/analysis.js';
import type { ByteSource } from '../core/heap/byte-source.js';
import type { MemProfFrame } from '../core/heap/dump-format.js';
import { ElfSymbols } from '../core/heap/elf.js';
import { buildHeapGraph } from '../core/heap/heap-graph.js';
import { remapStacks, StackTable } from '../core/heap/sites.js';
import { fsErrorText } from './fs-error.js';
import { startGraphWorker } from './graph-worker-start.js';

/** A file read in 4 MiB chunks as a ByteSource; close it when done. */
export function openHeapDumpFile(path: string): ByteSource & { size: number; close(): void } {
  let fd: number;
  let size: number;
  try {
    fd = openSync(path, 'r');
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = stat.size;
  } catch (error) {
    throw new UsageError(`cannot read heap dump ${path}: ${fsErrorText(error)}`);
  }
  let position = 0;
  return {
    size,
    read(target, offset, length) {
      const n = readSync(fd, target, offset, Math.min(length, 4 << 20), position);
      position += n;
      return n;
    },
    close() {
      closeSync(fd);
    },
  };
}

/** The ELF symbol table of a Go binary, to name globals. */
export function readBinarySymbols(path: string): ElfSymbols {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read binary ${path}: ${fsErrorText(error)}`);
  }
  return ElfSymbols.parse(bytes, `binary ${path}`);
}

/** Where an analysis of two dump files is: its step, and the bytes of both dumps read so far. */
export interface GraphProgress {
  phase: AnalysisPhase;
  bytesRead: number;
  /** Size of both dumps together. */
  totalBytes: number;
}

/** Calls `report` at most once per this many bytes read (and at every phase change). */
const progressStepBytes = 32 << 20;

/**
 * Compares two heap dump files (see analyzeDumps); the binary, when given, names the
 * globals on retention paths. Dump A (objects only) is read in a worker thread while this
 * thread reads dump B, whose edges it keeps; then this thread waits for A (synchronously:
 * the call stays a plain function) and runs the analysis.
 */
export function analyzeDumpFiles(
  a: string,
  b: string,
  binary?: string,
  onProgress?: (progress: GraphProgress) => void,
): GraphReport {
  const labelA = `heap dump ${a}`;
  const options: AnalyzeOptions = { labelA, labelB: `heap dump ${b}` };
  if (binary) options.symbols = readBinarySymbols(binary);
  const sizeA = { size: dumpSize(a) };
  // Small dumps are read one after the other on this thread: a second thread only pays off
  // for big ones (and a `graph` run in CI once hung 120 s waiting for it, not understood yet).
  if (sizeA.size < INLINE_BELOW_BYTES) {
    return analyzeInline(a, b, sizeA.size + dumpSize(b), options, onProgress);
  }
  const sourceB = openHeapDumpFile(b);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const readA = new Float64Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = startGraphWorker(
    'graph-worker-objects-entry',
    { file: a, label: labelA, port: port2, flag, progress: readA },
    [port2],
  );
  // This thread waits on the flag, not on the Worker's events; the worker must never keep the
  // process alive once the answer is in (terminate() is asynchronous).
  worker.unref();
  try {
    const progress: GraphProgress = {
      phase: 'read-a',
      bytesRead: 0,
      totalBytes: sizeA.size + sourceB.size,
    };
    let readB = 0;
    let reported = 0;
    const report = () => {
      progress.bytesRead = (readA[0] ?? 0) + readB;
      reported = progress.bytesRead;
      onProgress?.({ ...progress });
    };
    report();
    progress.phase = 'read-b';
    report();
    const stacks = new StackTable();
    const graphB = buildHeapGraph(
      {
        size: sourceB.size,
        read(target, offset, length) {
          const n = sourceB.read(target, offset, length);
          readB += n;
          if (onProgress && readB + (readA[0] ?? 0) - reported >= progressStepBytes) report();
          return n;
        },
      },
      stacks,
      { edges: true, label: options.labelB ?? 'dump B' },
    );
    while (Atomics.load(flag, 0) === 0) {
      Atomics.wait(flag, 0, 0, 200);
      if (onProgress && readB + (readA[0] ?? 0) - reported >= progressStepBytes) report();
    }
    const answer = receiveMessageOnPort(port1)?.message as ObjectsAnswer | undefined;
    if (!answer || answer.type === 'error') {
      const message = answer?.message ?? 'the worker reading dump A ended without an answer';
      throw answer?.usage ? new UsageError(message) : new Error(message);
    }
    remapStacks(answer.table.stack, answer.frames, stacks);
    options.onPhase = (phase) => {
      progress.phase = phase;
      report();
    };
    return compareGraphs(answer.table, graphB, stacks, options);
  } finally {
    sourceB.close();
    port1.close();
    void worker.terminate();
  }
}

/** Dump A below this size is read on the calling thread. */
const INLINE_BELOW_BYTES = 64 << 20;

/** The size of a heap dump file (a UsageError if it cannot be read). */
function dumpSize(path: string): number {
  const source = openHeapDumpFile(path);
  source.close();
  return source.size;
}

/** The objects of a dump's graph, as the analysis takes dump A. */
export function objectTableOf(graph: ReturnType<typeof buildHeapGraph>): ObjectTable {
  return {
    nodeCount: graph.nodeCount,
    addresses: graph.addresses,
    sizes: graph.sizes,
    stack: graph.stack,
    params: graph.params,
    dumpBytes: graph.dumpBytes,
    totalBytes: graph.totalBytes,
    sampledObjects: graph.sampledObjects,
  };
}

/** Reads a dump file into a graph (edges: B's; without: A's objects), counting bytes read. */
export function readGraph(
  file: string,
  label: string,
  stacks: StackTable,
  edges: boolean,
  onRead: (n: number) => void,
) {
  const source = openHeapDumpFile(file);
  try {
    return buildHeapGraph(
      {
        size: source.size,
        read(target, offset, length) {
          const n = source.read(target, offset, length);
          onRead(n);
          return n;
        },
      },
      stacks,
      { edges, label },
    );
  } finally {
    source.close();
  }
}

/** analyzeDumpFiles without the worker: A's objects, then B's graph, on this thread. */
function analyzeInline(
  a: string,
  b: string,
  totalBytes: number,
  options: AnalyzeOptions,
  onProgress?: (progress: GraphProgress) => void,
): GraphReport {
  const progress: GraphProgress = { phase: 'read-a', bytesRead: 0, totalBytes };
  const report = () => onProgress?.({ ...progress });
  report();
  const stacks = new StackTable();
  const onRead = (n: number) => {
    progress.bytesRead += n;
  };
  const graphA = readGraph(a, options.labelA ?? 'dump A', stacks, false, onRead);
  progress.phase = 'read-b';
  report();
  const graphB = readGraph(b, options.labelB ?? 'dump B', stacks, true, onRead);
  const table = objectTableOf(graphA);
  options.onPhase = (phase) => {
    progress.phase = phase;
    report();
  };
  return compareGraphs(table, graphB, stacks, options);
}

type ObjectsAnswer =
  | { type: 'done'; table: ObjectTable; frames: MemProfFrame[][] }
  | { type: 'error'; message: string; usage: boolean };
