import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { GraphReport, PathStep } from '../../source/core/heap/analysis.js';
import type { Mark } from '../../source/core/timeline/store.js';
import {
  graphProgressText,
  marksWithSnapshots,
  NO_HEAP_DUMPS,
  pathLines,
  pickRecordedMark,
  REFS_HEADER,
  refsRowText,
  retentionLines,
  retentionPanel,
  siteForRow,
  splitStackPanel,
} from '../../source/ui/graph-lines.js';
import type { Seg } from '../../source/ui/span.js';

/** A real `gcdiff graph --json` report of demo/families (see test/fixtures/heap/README.md). */
export const familiesReport = JSON.parse(
  readFileSync(new URL('../fixtures/heap/families-graph.json', import.meta.url), 'utf8'),
) as GraphReport;

const text = (lines: Seg[][]) => lines.map((l) => l.map((s) => s.text).join(''));

test('a diff row by func matches its allocation site; a stack row matches by its leaf', () => {
  const site = siteForRow(familiesReport, { name: 'main.newFamily' });
  assert.equal(site?.site, 'main.newFamily');
  assert.ok((site?.count ?? 0) > 0 && (site?.retainedBytes ?? 0) >= (site?.bytes ?? 0));
  const byStack = siteForRow(familiesReport, {
    name: 'main.newFamily ← main.grow',
    stack: [{ name: 'main.newFamily' }, { name: 'main.grow' }],
  });
  assert.equal(byStack?.site, 'main.newFamily');
  assert.equal(siteForRow(familiesReport, { name: 'main.nothingHere' }), null);
  assert.equal(siteForRow(familiesReport, { name: 'newFamily' }), null, 'no partial matches');
});

test('the retention path of main.newFamily starts at the global main.households and ends at the object', () => {
  const lines = text(retentionLines(familiesReport, { name: 'main.newFamily' }, 20));
  assert.match(lines[0] ?? '', /^why alive: main\.newFamily +[\d,]+ new objects +\S+ +retains \S+/);
  assert.match(lines[1] ?? '', /^ +0 root global main\.households$/);
  assert.match(
    lines[lines.length - 1] ?? '',
    /obj +\+0x[0-9a-f]+ → main\.newFamily object \(448B\)$/,
  );
  const steps = familiesReport.sites.find((s) => s.site === 'main.newFamily')?.pathSteps ?? [];
  assert.equal(lines.length, 1 + steps.length, 'every step on its own row');
  const missing = text(retentionLines(familiesReport, { name: 'main.nothingHere' }, 5));
  assert.match(missing[1] ?? '', /no new objects from this function/);
});

test('a path longer than its room keeps the root and the object and counts the hidden steps', () => {
  const steps: PathStep[] = Array.from({ length: 10 }, (_, i) => ({
    kind: i === 0 ? 'global' : 'object',
    text: i === 0 ? 'global main.g' : `+0x8 → main.f${i} object`,
  }));
  const five = text(pathLines(steps, 5));
  assert.equal(five.length, 5);
  assert.match(five[0] ?? '', /root global main\.g/);
  assert.match(five[3] ?? '', /… 6 more steps …/);
  assert.match(five[4] ?? '', /obj +\+0x8 → main\.f9 object/);
  assert.equal(pathLines(steps, 2).length, 2);
  assert.equal(pathLines(steps, 0).length, 0);
  assert.equal(pathLines(steps, 10).length, 10);
});

test('retention panel states: missing dumps, loading, error each say so in two rows', () => {
  const row = { name: 'main.newFamily' };
  const missing = text(retentionPanel({ status: 'missing', text: NO_HEAP_DUMPS }, row, 10));
  assert.deepEqual(missing, [
    'why alive: main.newFamily',
    '  no heap dumps at these marks (run with --heapdump --precise)',
  ]);
  const loading = text(retentionPanel({ status: 'loading', text: 'heap graph: x' }, row, 10));
  assert.equal(loading[1], '  heap graph: x');
  assert.match(
    text(retentionPanel({ status: 'error', text: 'bad' }, row, 10))[1] ?? '',
    /error: bad/,
  );
  assert.equal(retentionPanel({ status: 'missing', text: NO_HEAP_DUMPS }, row, 1).length, 1);
  assert.equal(retentionPanel({ status: 'missing', text: NO_HEAP_DUMPS }, null, 5).length, 0);
});

test('the stacks keep 4 rows; the retention panel gets what it wants, at least 2', () => {
  assert.deepEqual(splitStackPanel(17, 7), { stacks: 10, retention: 7 });
  assert.deepEqual(splitStackPanel(8, 7), { stacks: 4, retention: 4 });
  assert.deepEqual(splitStackPanel(4, 7), { stacks: 2, retention: 2 });
  assert.deepEqual(splitStackPanel(1, 7), { stacks: 0, retention: 1 });
  assert.deepEqual(splitStackPanel(10, 0), { stacks: 10, retention: 0 });
});

test('progress says the phase, and MB read with a percentage while reading', () => {
  assert.equal(
    graphProgressText({ phase: 'read-b', bytesRead: 12_300_000, totalBytes: 41_000_000 }),
    'heap graph: reading heap dump B, 12.3 of 41.0 MB read (30%)',
  );
  assert.equal(
    graphProgressText({ phase: 'dominators', bytesRead: 41e6, totalBytes: 41e6 }),
    'heap graph: computing retained sizes (dominators)…',
  );
});

test('reference-cycle rows: counts, bytes, member sites; header names the columns', () => {
  const group = familiesReport.cycles[0];
  assert.ok(group);
  const row = refsRowText(group, 200);
  assert.match(row, /main\.newFamily$/);
  assert.match(REFS_HEADER, /objects +new +bytes +ref-cycles +member allocation sites/);
  assert.ok(refsRowText(group, 20).length <= 20);
});

function mark(id: number, cycleSeq: number | null, snapshots = true): Mark {
  return {
    id,
    label: id === 1 ? 'A' : 'B',
    wallMs: id * 1000,
    atSeconds: id,
    gc: cycleSeq === null ? null : cycleSeq + 1,
    cycleSeq,
    status: snapshots ? 'ok' : 'error',
    files: snapshots
      ? { heap: `/s/marks/x-${id}/heap.pb.gz`, goroutine: null, heapdump: null }
      : { heap: null, goroutine: null, heapdump: null },
  };
}

test('a replay pick is the recorded mark with snapshots at or before the cursor, else the nearest after', () => {
  const marks = [mark(1, 10), mark(2, 50), mark(3, 70, false), mark(4, 90)];
  assert.deepEqual(
    marksWithSnapshots(marks).map((m) => m.id),
    [1, 2, 4],
  );
  assert.equal(pickRecordedMark(marks, 60)?.id, 2, 'at or before');
  assert.equal(pickRecordedMark(marks, 50)?.id, 2, 'at');
  assert.equal(pickRecordedMark(marks, 75)?.id, 2, 'the failed mark #3 has no snapshots');
  assert.equal(pickRecordedMark(marks, 5)?.id, 1, 'none before: the nearest after');
  assert.equal(pickRecordedMark(marks, 500)?.id, 4);
  assert.equal(pickRecordedMark([mark(1, null)], 0)?.id, 1, 'before the first cycle counts as -1');
  assert.equal(pickRecordedMark([mark(3, 70, false)], 70), null);
  assert.equal(pickRecordedMark([], 70), null);
});
