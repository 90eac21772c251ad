/**
 * Parity with the real `go tool pprof` on real profiles: demo/profilegen is built and run,
 * heap and goroutine profiles are captured before and after growth, and gcdiff's numbers for
 * every sample type and grouping must equal what pprof prints for the same pair.
 */
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { decodeProfile } from '../../../source/core/profile/decode.js';
import {
  diffProfiles,
  type Grouping,
  type ProfileDiff,
} from '../../../source/core/profile/diff.js';
import type { ProfileModel } from '../../../source/core/profile/model.js';
import { isRuntimeFrame, RUNTIME_FRAME_PATTERN } from '../../../source/core/profile/names.js';
import { nonZero, parseTop, parseTraces, pprof } from './pprof-text.js';
import { type CapturedPair, captureProfilePair } from './profilegen.js';

const TOP = ['-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', '-unit=B'];
const HEAP_SAMPLES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'];

let pair: CapturedPair;
const models: Record<string, ProfileModel> = {};

before(async () => {
  pair = await captureProfilePair({ growBefore: 2, growBetween: 3 });
  for (const [name, file] of Object.entries(pair)) {
    if (name !== 'dir') models[name] = decodeProfile(await readFile(file));
  }
});
after(async () => {
  if (pair) await rm(pair.dir, { recursive: true, force: true });
});

type Cell = { flat: number; cum: number };
const isZeroCell = (c: Cell) => c.flat === 0 && c.cum === 0;

function ourRows(
  diff: ProfileDiff,
  keep: (name: string) => boolean = () => true,
): Map<string, Cell> {
  const rows = new Map<string, Cell>();
  for (const r of diff.rows) {
    if (!keep(r.name)) continue;
    const key = diff.by === 'line' && r.file ? `${r.name} ${r.file}:${r.line}` : r.name;
    assert.ok(!rows.has(key), `two rows for ${key}`);
    rows.set(key, { flat: r.flat.delta, cum: r.cum.delta });
  }
  return nonZero(rows, isZeroCell);
}

function sumFlat(diff: ProfileDiff): number {
  return diff.rows.reduce((s, r) => s + r.flat.delta, 0);
}

describe('heap diff equals go tool pprof -top -base', () => {
  for (const sample of HEAP_SAMPLES) {
    for (const by of ['func', 'line'] as Grouping[]) {
      test(`${sample} by ${by}`, async () => {
        const args = [...TOP, `-sample_index=${sample}`, ...(by === 'line' ? ['-lines'] : [])];
        const text = await pprof([...args, '-base', pair.heapA, pair.heapB]);
        const report = parseTop(text);
        const diff = diffProfiles(models.heapA!, models.heapB!, { sample, by });
        assert.equal(diff.sampleType, sample);
        assert.ok(report.rows.size > 5, 'pprof printed rows');
        assert.deepEqual(ourRows(diff), nonZero(report.rows, isZeroCell));
        assert.equal(sumFlat(diff), report.accounted);
        assert.equal(diff.total.delta, diff.total.target - diff.total.base);
      });
    }

    test(`${sample} totals equal pprof's totals of each profile`, async () => {
      const [a, b] = await Promise.all(
        [pair.heapA, pair.heapB].map(async (f) =>
          parseTop(await pprof([...TOP, `-sample_index=${sample}`, f])),
        ),
      );
      const diff = diffProfiles(models.heapA!, models.heapB!, { sample });
      assert.equal(diff.total.base, a!.total);
      assert.equal(diff.total.target, b!.total);
      assert.notEqual(diff.total.delta, 0, 'the program grew between the captures');
    });

    test(`${sample} by stack equals pprof -traces -base`, async () => {
      const text = await pprof([
        '-traces',
        '-unit=B',
        `-sample_index=${sample}`,
        '-base',
        pair.heapA,
        pair.heapB,
      ]);
      const diff = diffProfiles(models.heapA!, models.heapB!, { sample, by: 'stack' });
      const ours = new Map<string, number>();
      for (const r of diff.rows) {
        assert.ok(r.stack, 'stack rows carry their stack');
        assert.equal(r.flat.delta, r.cum.delta);
        const key = r.stack.map((f) => f.name).join('\n');
        ours.set(key, (ours.get(key) ?? 0) + r.flat.delta);
      }
      assert.deepEqual(
        nonZero(ours, (v) => v === 0),
        nonZero(parseTraces(text), (v) => v === 0),
      );
    });
  }

  test('the default sample type is inuse_space, as in pprof', () => {
    assert.equal(diffProfiles(models.heapA!, models.heapB!).sampleType, 'inuse_space');
  });

  test('recursion is counted once in cum: main.buildTree cum equals flat', () => {
    const diff = diffProfiles(models.heapA!, models.heapB!, { sample: 'alloc_space' });
    const row = diff.rows.find((r) => r.name === 'main.buildTree');
    assert.ok(row);
    assert.ok(row.flat.delta > 0);
    assert.equal(row.cum.delta, row.flat.delta);
  });
});

describe('goroutine diff', () => {
  for (const by of ['func', 'line'] as Grouping[]) {
    test(`with attribution "leaf" equals go tool pprof -top -base, by ${by}`, async () => {
      const text = await pprof([
        ...TOP,
        ...(by === 'line' ? ['-lines'] : []),
        '-base',
        pair.goroutineA,
        pair.goroutineB,
      ]);
      const diff = diffProfiles(models.goroutineA!, models.goroutineB!, {
        by,
        attribution: 'leaf',
      });
      assert.equal(diff.kind, 'goroutine');
      assert.equal(diff.sampleType, 'goroutine');
      assert.equal(diff.unit, 'count');
      const report = parseTop(text);
      assert.deepEqual(ourRows(diff), nonZero(report.rows, isZeroCell));
      assert.equal(sumFlat(diff), report.accounted);
    });

    test(`by default charges flat to the first frame outside the runtime, as pprof -hide does, by ${by}`, async () => {
      const hide = `-hide=${RUNTIME_FRAME_PATTERN}`;
      const text = await pprof([
        ...TOP,
        hide,
        ...(by === 'line' ? ['-lines'] : []),
        '-base',
        pair.goroutineA,
        pair.goroutineB,
      ]);
      const diff = diffProfiles(models.goroutineA!, models.goroutineB!, { by });
      assert.equal(diff.attribution, 'user');
      const ours = ourRows(diff, (name) => !isRuntimeFrame(name));
      assert.deepEqual(ours, nonZero(parseTop(text).rows, isZeroCell));
      for (const fn of [
        'main.waitOnChannel',
        'main.waitInSelect',
        'main.waitOnMutex',
        'main.waitOnGroup',
      ]) {
        const row = diff.rows.find((r) => r.name === fn);
        assert.ok(row, `${fn} has a row`);
        assert.equal(row.flat.delta, 3, `${fn}: three more goroutines parked`);
      }
    });
  }

  test('by stack equals pprof -traces -base', async () => {
    const text = await pprof(['-traces', '-base', pair.goroutineA, pair.goroutineB]);
    const diff = diffProfiles(models.goroutineA!, models.goroutineB!, { by: 'stack' });
    const ours = new Map<string, number>();
    for (const r of diff.rows) {
      const key = r.stack!.map((f) => f.name).join('\n');
      ours.set(key, (ours.get(key) ?? 0) + r.flat.delta);
    }
    assert.deepEqual(
      nonZero(ours, (v) => v === 0),
      nonZero(parseTraces(text), (v) => v === 0),
    );
  });

  test('totals equal pprof totals of each profile', async () => {
    const [a, b] = await Promise.all(
      [pair.goroutineA, pair.goroutineB].map(async (f) => parseTop(await pprof([...TOP, f]))),
    );
    const diff = diffProfiles(models.goroutineA!, models.goroutineB!);
    assert.equal(diff.total.base, a!.total);
    assert.equal(diff.total.target, b!.total);
  });
});

test('the fast decoder gives the same model as pprof-format on freshly captured profiles', async () => {
  for (const [name, file] of Object.entries(pair)) {
    if (name === 'dir') continue;
    const bytes = await readFile(file);
    assert.deepStrictEqual(decodeProfile(bytes, 'fast'), decodeProfile(bytes, 'reference'), name);
  }
});
