import { formatBytes, formatBytesDelta } from '../core/format/units.js';
import type { GraphReport } from '../core/heap/analysis.js';
import { diffProfiles, type ProfileDiff } from '../core/profile/index.js';
import { composeRunReport, type RunReport, reportPair } from '../core/report/run-report.js';
import type { Mark, TimelineStore } from '../core/timeline/store.js';
import { sessionBinary } from './binary-copy.js';
import { HEAPDUMP_ERROR_PREFIX } from './capture.js';
import { analyzeDumpsInWorker, type GraphProgress } from './graph-worker.js';
import { readProfileFile } from './profile-file.js';
import type { SessionRecorder } from './session.js';
import { writePrivateFile } from './session.js';

export interface ReportRequest {
  file: string;
  command: readonly string[];
  marks: readonly Mark[];
  store: TimelineStore;
  session: SessionRecorder;
  failOnGrowth: number | null;
  /**
   * Heap dumps were asked for (--heapdump): the report then has a `graph`, or a
   * `graphError` saying why not. Default: true when any mark has a heap dump or
   * failed while fetching one.
   */
  heapdump?: boolean;
  /** Progress of the heap-dump analysis (it runs in a worker thread). */
  onGraphProgress?: (progress: GraphProgress) => void;
  signal?: AbortSignal;
}

/** The graph of the compared marks' heap dumps, or why there is none. */
async function compareDumps(
  request: ReportRequest,
  pair: { base: Mark; target: Mark } | null,
): Promise<{ graph: GraphReport | null; error: string | null }> {
  const wanted =
    request.heapdump ??
    request.marks.some(
      (m) => m.files.heapdump !== null || m.error?.startsWith(HEAPDUMP_ERROR_PREFIX),
    );
  if (!wanted) return { graph: null, error: null };
  if (!pair) {
    const failed = request.marks.filter((m) => m.status === 'error');
    const why = failed.map((m) => `mark ${m.label}-${m.id}: ${m.error ?? 'failed'}`).join('; ');
    return { graph: null, error: `fewer than two marks were captured${why ? ` (${why})` : ''}` };
  }
  const missing = [pair.base, pair.target].find((m) => m.files.heapdump === null);
  if (missing)
    return { graph: null, error: `mark ${missing.label}-${missing.id} has no heap dump` };
  try {
    const graph = await analyzeDumpsInWorker(
      pair.base.files.heapdump as string,
      pair.target.files.heapdump as string,
      sessionBinary(request.session.dir),
      request.onGraphProgress,
      request.signal,
    );
    return { graph, error: null };
  } catch (error) {
    return {
      graph: null,
      error: `heap-dump analysis failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Diffs the first and last good marks, writes the report to --report and to the session. */
export async function writeRunReport(
  request: ReportRequest,
): Promise<{ report: RunReport; failed: boolean; messages: string[] }> {
  const messages: string[] = [];
  const pair = reportPair(request.marks);
  let heap: ProfileDiff | null = null;
  let allocs: ProfileDiff | null = null;
  let goroutines: ProfileDiff | null = null;
  let failed = false;
  if (!pair) {
    messages.push('fewer than two marks were captured: the report has no diff');
    failed = true;
  } else if (
    pair.base.files.heap &&
    pair.target.files.heap &&
    pair.base.files.goroutine &&
    pair.target.files.goroutine
  ) {
    const [heapA, heapB, goA, goB] = await Promise.all([
      readProfileFile(pair.base.files.heap),
      readProfileFile(pair.target.files.heap),
      readProfileFile(pair.base.files.goroutine),
      readProfileFile(pair.target.files.goroutine),
    ]);
    heap = diffProfiles(heapA, heapB, { sample: 'inuse_space', by: 'func' });
    allocs = diffProfiles(heapA, heapB, { sample: 'alloc_space', by: 'func' });
    goroutines = diffProfiles(goA, goB, { by: 'func' });
  }
  const dumps = await compareDumps(request, pair);
  if (dumps.error) {
    failed = true;
    messages.push(`no graph: ${dumps.error}`);
  }
  const cycles = request.store.cycles.range(request.store.cycles.first, request.store.cycles.total);
  const report = composeRunReport({
    command: request.command,
    marks: request.marks,
    compared: pair,
    heap,
    allocs,
    goroutines,
    graph: dumps.graph,
    graphError: dumps.error,
    cycles,
    failOnGrowth: request.failOnGrowth,
  });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  writePrivateFile(request.file, text);
  request.session.writeReport(report);
  if (heap) {
    const top = heap.rows[0];
    messages.push(
      `inuse growth ${formatBytesDelta(heap.total.delta)}${top ? `; top: ${top.name} ${formatBytesDelta(top.flat.delta)}` : ''}`,
    );
  }
  if (dumps.graph) {
    const top = dumps.graph.sites[0];
    messages.push(
      `heap dumps: ${dumps.graph.newObjects.count} new objects${top ? `; top: ${top.site} ${formatBytes(top.bytes)}` : ''}; ${dumps.graph.cycles.length} new cycle groups`,
    );
  }
  if (report.threshold?.exceeded) {
    failed = true;
    messages.push(
      `inuse growth ${formatBytes(report.threshold.inuseGrowthBytes)} exceeds --fail-on-growth ${formatBytes(report.threshold.limitBytes)}`,
    );
  }
  return { report, failed, messages };
}
