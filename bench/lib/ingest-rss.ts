/**
 * Child process of bench/dashboard.bench.ts (run with --expose-gc, so its RSS is its own):
 * feeds `total` rendered gctrace cycles through TraceIngest into a TimelineStore, as a live
 * run does, and prints one JSON line: RSS and heap at checkpoints (after a full GC), the
 * time spent in ingest, and the time a raw line split of the same chunks takes (the anchor).
 *
 *   node --expose-gc --import tsx bench/lib/ingest-rss.ts 1000000
 */
import { TraceIngest } from '../../source/core/timeline/ingest.js';
import { TimelineStore } from '../../source/core/timeline/store.js';
import { traceChunks } from './trace-lines.js';

export interface IngestRssReport {
  total: number;
  samples: {
    cycles: number;
    rssBytes: number;
    heapUsedBytes: number;
    heapTotalBytes: number;
    externalBytes: number;
  }[];
  ingestMs: number;
  splitMs: number;
  splitLines: number;
  storeTotal: number;
  bytes: number;
}

const total = Number(process.argv[2] ?? 1_000_000);
const checkpoints = [
  ...new Set([10_000, 100_000, 200_000, 500_000, 1_000_000, total].filter((c) => c <= total)),
].sort((a, b) => a - b);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const store = new TimelineStore();
const ingest = new TraceIngest(store);
const samples: IngestRssReport['samples'] = [];
let ingestMs = 0;
let bytes = 0;
let next = 0;
let t = 0;
for (const chunk of traceChunks(total)) {
  bytes += chunk.text.length;
  t += chunk.lines;
  const start = performance.now();
  ingest.chunk('stderr', chunk.text, t);
  ingestMs += performance.now() - start;
  while (
    next < checkpoints.length &&
    chunk.lastN >= (checkpoints[next] ?? Number.POSITIVE_INFINITY)
  ) {
    store.getSnapshot(); // what the UI tick builds
    gc();
    const m = process.memoryUsage();
    samples.push({
      cycles: chunk.lastN,
      rssBytes: m.rss,
      heapUsedBytes: m.heapUsed,
      heapTotalBytes: m.heapTotal,
      externalBytes: m.external,
    });
    next++;
  }
}

// Anchor: the least any reader of the pipe does, cutting the same chunks into lines.
let splitMs = 0;
let splitLines = 0;
let partial = '';
for (const chunk of traceChunks(total)) {
  const start = performance.now();
  const parts = (partial + chunk.text).split('\n');
  partial = parts.pop() ?? '';
  splitLines += parts.length;
  splitMs += performance.now() - start;
}

const report: IngestRssReport = {
  total,
  samples,
  ingestMs,
  splitMs,
  splitLines,
  storeTotal: store.cycles.total,
  bytes,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
