import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { formatValue, renderDiffTable, shortFile } from '../../../source/core/format/table.js';
import { decodeProfile } from '../../../source/core/profile/decode.js';
import { diffProfiles } from '../../../source/core/profile/diff.js';

const fixture = (name: string) =>
  decodeProfile(readFileSync(new URL(`../../fixtures/profile/${name}.pb.gz`, import.meta.url)));
const heap = diffProfiles(fixture('heap-a'), fixture('heap-b'));

test('one line per row under a header, in the diff order, with the totals on top', () => {
  const lines = renderDiffTable(heap, { top: 5 }).trimEnd().split('\n');
  assert.match(
    lines[0]!,
    /^heap inuse_space, by func: base .*B → target .*B, delta \+.*B \(\+[\d.]+% of base\)$/,
  );
  assert.match(lines[1]!, /base\s+target\s+delta\s+delta%\s+cum delta\s+cum%\s+name/);
  const rows = lines.slice(2, 7);
  assert.deepEqual(
    rows.map((l) => l.trim().split(/\s+/).at(-1)),
    heap.rows.slice(0, 5).map((r) => r.name),
  );
  const first = heap.rows[0]!;
  assert.ok(rows[0]!.includes(formatValue('bytes', first.flat.delta, true)));
  assert.match(lines[7]!, new RegExp(`^… ${heap.rows.length - 5} more rows`));
});

test('all rows without --top; columns line up', () => {
  const lines = renderDiffTable(heap).trimEnd().split('\n');
  assert.equal(lines.length, heap.rows.length + 2);
  const nameColumn = lines[1]!.indexOf('name');
  for (const line of lines.slice(2)) assert.equal(line[nameColumn - 1], ' ');
});

test('goroutine counts are counts; by line shows file:line', () => {
  const goroutines = diffProfiles(fixture('goroutine-a'), fixture('goroutine-b'), { by: 'line' });
  const text = renderDiffTable(goroutines, { top: 3 });
  assert.match(text, /^goroutine goroutine, by line: base \d+ → target \d+/);
  assert.match(text, /main\.wait\w+ profilegen\/main\.go:\d+/);
  assert.equal(formatValue('count', 1234, true), '+1,234');
  assert.equal(formatValue('bytes', -1536, true), '-1.5KiB');
  assert.equal(shortFile('/a/b/c/main.go'), 'c/main.go');
});
