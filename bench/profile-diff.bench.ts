/**
 * gcdiff diff on a large pair of heap profiles (150k samples, 60k locations, 30k functions)
 * beside `go tool pprof -top -base` on the same pair, measured in the same run; the numbers
 * of both must match (checked here, row by row, with pprof's exact -unit=B output). Also
 * compares the fast protobuf decoder with pprof-format's decoder.
 *
 * The pair is generated once into bench/out/ with pprof-format's encoder.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  Label,
  Line,
  Location,
  Mapping,
  Function as PprofFunction,
  Profile,
  Sample,
  StringTable,
  ValueType,
} from 'pprof-format';
import { renderDiffTable } from '../source/core/format/table.js';
import { buildModel } from '../source/core/profile/build-model.js';
import { profileBytes } from '../source/core/profile/decode.js';
import { decodeRawFast } from '../source/core/profile/decode-fast.js';
import { decodeRawReference } from '../source/core/profile/decode-reference.js';
import { diffProfiles } from '../source/core/profile/diff.js';
import { readProfileFile } from '../source/io/profile-file.js';
import { nonZero, parseTop } from '../test/core/profile/pprof-text.js';
import { type BenchResult, medianMs } from './result.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'bench', 'out');
const SAMPLES = 150_000;
const LOCATIONS = 60_000;
const FUNCTIONS = 30_000;
const GENERATOR_VERSION = 1;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Encodes one heap profile; `variant` 1 is the target: more of everything, some new stacks. */
function generateHeapProfile(variant: 0 | 1): Uint8Array {
  const rnd = mulberry32(42); // the same tables and stacks for both variants
  const int = (n: number) => Math.floor(rnd() * n);
  const strings = new StringTable();
  const s = (text: string) => strings.dedup(text);
  const sampleType = [
    'alloc_objects/count',
    'alloc_space/bytes',
    'inuse_objects/count',
    'inuse_space/bytes',
  ].map((t) => {
    const [type, unit] = t.split('/') as [string, string];
    return new ValueType({ type: s(type), unit: s(unit) });
  });
  const functions: PprofFunction[] = [];
  for (let i = 0; i < FUNCTIONS; i++) {
    const pkg = `github.com/acme/svc/pkg${i % 300}`;
    const name = i % 3 === 0 ? `${pkg}.(*T${i % 50}).Method${i}` : `${pkg}.Func${i}`;
    functions.push(
      new PprofFunction({
        id: i + 1,
        name: s(name),
        systemName: s(name),
        filename: s(`/src/${pkg}/file${i % 7}.go`),
        startLine: 10 + (i % 500),
      }),
    );
  }
  const locations: Location[] = [];
  for (let j = 0; j < LOCATIONS; j++) {
    const lines = [new Line({ functionId: int(FUNCTIONS) + 1, line: 10 + int(2000) })];
    if (rnd() < 0.2) lines.push(new Line({ functionId: int(FUNCTIONS) + 1, line: 10 + int(2000) }));
    locations.push(
      new Location({ id: j + 1, mappingId: 1, address: 0x400000 + j * 16, line: lines }),
    );
  }
  const rnd2 = mulberry32(7 + variant);
  const bytesKey = s('bytes');
  const samples: Sample[] = [];
  const total = variant === 0 ? SAMPLES : SAMPLES + SAMPLES / 10;
  for (let i = 0; i < total; i++) {
    // Stacks are shared between variants for the first SAMPLES samples; values differ.
    const depth = 6 + int(25);
    const stack: number[] = [];
    for (let d = 0; d < depth; d++) stack.push(int(LOCATIONS) + 1);
    const size = 16 << int(8);
    const allocs = 1 + int(50);
    const grow = variant === 1 && rnd2() < 0.5 ? 1 + Math.floor(rnd2() * 20) : 0;
    const inuse = Math.min(allocs, int(allocs + 1) + grow);
    const a = allocs + grow;
    samples.push(
      new Sample({
        locationId: stack,
        value: [a, a * size, inuse, inuse * size],
        label: [new Label({ key: bytesKey, num: size })],
      }),
    );
  }
  const profile = new Profile({
    sampleType,
    sample: samples,
    mapping: [
      new Mapping({
        id: 1,
        memoryStart: 0x400000,
        memoryLimit: 0x2000000,
        filename: s('/bin/svc'),
      }),
    ],
    location: locations,
    function: functions,
    stringTable: strings,
    periodType: new ValueType({ type: s('space'), unit: s('bytes') }),
    period: 524288,
    timeNanos: 1_700_000_000_000_000_000n + BigInt(variant),
  });
  return gzipSync(profile.encode());
}

async function ensurePair(): Promise<[string, string]> {
  await mkdir(outDir, { recursive: true });
  const files: [string, string] = [
    path.join(outDir, `heap-large-v${GENERATOR_VERSION}-a.pb.gz`),
    path.join(outDir, `heap-large-v${GENERATOR_VERSION}-b.pb.gz`),
  ];
  for (const [i, file] of files.entries()) {
    if (!existsSync(file)) {
      process.stderr.write(`bench: generating ${path.relative(root, file)} ...\n`);
      await writeFile(file, generateHeapProfile(i as 0 | 1));
    }
  }
  return files;
}

const PPROF_EXACT = ['-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', '-unit=B'];

async function pprofTop(args: string[]): Promise<string> {
  const { stdout } = await run('go', ['tool', 'pprof', ...args], { maxBuffer: 1 << 28 });
  return stdout;
}

/** Our rows vs pprof's exact output for the pair: null when equal, else what differs. */
async function checkNumbers(a: string, b: string): Promise<string | null> {
  const report = parseTop(await pprofTop([...PPROF_EXACT, '-base', a, b]));
  const diff = diffProfiles(await readProfileFile(a), await readProfileFile(b));
  const ours = new Map(diff.rows.map((r) => [r.name, { flat: r.flat.delta, cum: r.cum.delta }]));
  const isZero = (c: { flat: number; cum: number }) => c.flat === 0 && c.cum === 0;
  const mine = nonZero(ours, isZero);
  const theirs = nonZero(report.rows, isZero);
  if (mine.size !== theirs.size) return `${mine.size} rows vs pprof's ${theirs.size}`;
  for (const [name, cell] of theirs) {
    const m = mine.get(name);
    if (!m || m.flat !== cell.flat || m.cum !== cell.cum) {
      return `${name}: ours ${JSON.stringify(m)} vs pprof ${JSON.stringify(cell)}`;
    }
  }
  const flatSum = diff.rows.reduce((sum, r) => sum + r.flat.delta, 0);
  if (flatSum !== report.accounted) return `flat sum ${flatSum} vs pprof ${report.accounted}`;
  return null;
}

function cliCommand(): { argv: string[]; label: string } {
  const dist = path.join(root, 'dist', 'cli.js');
  const built = path.join(root, 'dist', 'source', 'commands', 'diff.js');
  const source = path.join(root, 'source', 'core', 'profile', 'diff.ts');
  if (
    existsSync(dist) &&
    existsSync(built) &&
    statSync(built).mtimeMs >= statSync(source).mtimeMs
  ) {
    return { argv: [dist], label: 'node dist/cli.js diff' };
  }
  return {
    argv: ['--import', 'tsx', path.join(root, 'cli.tsx')],
    label: 'node --import tsx cli.tsx diff',
  };
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

export default async function bench(): Promise<BenchResult[]> {
  const [a, b] = await ensurePair();
  const mismatch = await checkNumbers(a, b);
  if (mismatch) process.stderr.write(`bench: NUMBERS DIFFER from go tool pprof: ${mismatch}\n`);
  else
    process.stderr.write(
      'bench: numbers match go tool pprof -top -base (every row, flat and cum)\n',
    );
  const same = mismatch === null;

  const pprofMs = await medianMs(3, () => pprofTop(['-top', '-base', a, b]));
  const inProcessMs = await medianMs(5, async () => {
    const [base, target] = await Promise.all([readProfileFile(a), readProfileFile(b)]);
    renderDiffTable(diffProfiles(base, target), { top: 20 });
  });
  const cli = cliCommand();
  const cliMs = await medianMs(3, () =>
    run(process.execPath, [...cli.argv, 'diff', a, b], { cwd: root, maxBuffer: 1 << 26 }),
  );

  const raw = await Promise.all([a, b].map(async (f) => profileBytes(await readFile(f))));
  const referenceMs = await medianMs(3, () => raw.map((r) => decodeRawReference(r)));
  const fastMs = await medianMs(5, () => raw.map((r) => decodeRawFast(r)));
  const fastModelMs = await medianMs(5, () => raw.map((r) => buildModel(decodeRawFast(r))));

  const pair = '150k-sample heap pair';
  const anchor = 'go tool pprof -top -base';
  const target = '≤ 0.5× and same numbers';
  return [
    {
      name: `gcdiff diff in-process (read+decode+diff+table), ${pair}${same ? '' : ' [NUMBERS DIFFER]'}`,
      anchor,
      value: ms(inProcessMs),
      anchorValue: ms(pprofMs),
      ratio: inProcessMs / pprofMs,
      ratioMeaning: 'time vs anchor, lower is better',
      target,
      met: same && inProcessMs / pprofMs <= 0.5,
    },
    {
      name: `gcdiff diff whole CLI (${cli.label}), ${pair}`,
      anchor,
      value: ms(cliMs),
      anchorValue: ms(pprofMs),
      ratio: cliMs / pprofMs,
      ratioMeaning: 'time vs anchor, lower is better',
      target,
      met: same && cliMs / pprofMs <= 0.5,
    },
    {
      name: `fast protobuf decode of the pair (model build: ${ms(fastModelMs)})`,
      anchor: 'pprof-format Profile.decode',
      value: ms(fastMs),
      anchorValue: ms(referenceMs),
      ratio: fastMs / referenceMs,
      ratioMeaning: 'time vs anchor, lower is better',
      target: 'faster (report)',
      met: null,
    },
  ];
}
