import { formatBytes, formatBytesDelta } from '../core/format/units.js';
import { diffProfiles, type ProfileDiff } from '../core/profile/index.js';
import { composeRunReport, type RunReport, reportPair } from '../core/report/run-report.js';
import type { Mark, TimelineStore } from '../core/timeline/store.js';
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
  const cycles = request.store.cycles.range(request.store.cycles.first, request.store.cycles.total);
  const report = composeRunReport({
    command: request.command,
    marks: request.marks,
    compared: pair,
    heap,
    allocs,
    goroutines,
    graph: null,
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
  if (report.threshold?.exceeded) {
    failed = true;
    messages.push(
      `inuse growth ${formatBytes(report.threshold.inuseGrowthBytes)} exceeds --fail-on-growth ${formatBytes(report.threshold.limitBytes)}`,
    );
  }
  return { report, failed, messages };
}
