/**
 * Ink 6 builds every frame one styled character at a time with @alcalzone/ansi-tokenize:
 * `tokenize` and `styledCharsFromTokens` for each line it writes, then `styledCharsToString`
 * for each row of the screen (its own blank cells included). On a 200×50 dashboard frame that
 * was the largest single cost and most of the garbage. package.json overrides the package with
 * packages/ansi-tokenize-fast (same results, fast paths for what a dashboard draws).
 *
 * This runs Ink's output pass (rows of blank cells, each frame line's characters placed on its
 * row, rows joined back to strings) over the lines of real dashboard frames (200×50 and 80×24,
 * colour, Unicode drawing) with both packages, side by side, and counts rows that differ.
 */
import '../test/helpers/ink-test-env.js';
import '../test/ui/force-color.js';
import * as fast from '@alcalzone/ansi-tokenize';
import * as original from 'ansi-tokenize-original';
import { sampleFrameLines } from '../test/ui/sample-frame.js';
import { median } from './lib/stats.js';
import type { BenchResult } from './result.js';

type Tokenizer = typeof original;

/** Ink's output pass over one frame's lines, written the way output.js does it. */
function outputPass(lib: Tokenizer, lines: readonly string[], width: number): string[] {
  const rows: original.StyledChar[][] = lines.map(() =>
    Array.from({ length: width }, () => ({
      type: 'char' as const,
      value: ' ',
      fullWidth: false,
      styles: [],
    })),
  );
  lines.forEach((line, y) => {
    const row = rows[y] as original.StyledChar[];
    let x = 0;
    for (const ch of lib.styledCharsFromTokens(lib.tokenize(line))) {
      row[x] = ch;
      x += ch.fullWidth ? 2 : 1;
    }
  });
  return rows.map((row) => lib.styledCharsToString(row).trimEnd());
}

export default async function bench(): Promise<BenchResult[]> {
  const frames = [
    { width: 200, lines: await sampleFrameLines(200, 50) },
    { width: 80, lines: await sampleFrameLines(80, 24) },
  ];
  let rows = 0;
  let differ = 0;
  for (const f of frames) {
    const a = outputPass(fast, f.lines, f.width);
    const b = outputPass(original, f.lines, f.width);
    rows += a.length;
    differ += a.filter((row, i) => row !== b[i]).length;
  }
  // Distinct text per round, as every frame brings new numbers (Ink caches per frame only).
  const REPEAT = 40;
  const run = (lib: Tokenizer) => {
    const start = performance.now();
    for (let k = 0; k < REPEAT; k++) {
      for (const f of frames) {
        outputPass(
          lib,
          f.lines.map((l) => l + (k % 10)),
          f.width + 1,
        );
      }
    }
    return performance.now() - start;
  };
  run(fast);
  run(original);
  const tf: number[] = [];
  const to: number[] = [];
  for (let round = 0; round < 7; round++) {
    to.push(run(original));
    tf.push(run(fast));
  }
  const [f, o] = [median(tf), median(to)];
  const perFrame = (ms: number) => `${((ms / REPEAT / frames.length) * 1000).toFixed(0)} µs`;
  process.stderr.write(
    `ansi-tokenize output pass, ${frames.length} frames ×${REPEAT}: original ${o.toFixed(0)} ms, ` +
      `fast ${f.toFixed(0)} ms; ${differ} of ${rows} rows differ\n`,
  );
  return [
    {
      name: `Ink's output pass over dashboard frames (200×50 + 80×24, colour, Unicode), ${differ} of ${rows} rows differ`,
      anchor: '@alcalzone/ansi-tokenize 0.2.5 (what Ink ships with)',
      value: `ansi-tokenize-fast: ${perFrame(f)} per frame`,
      anchorValue: `${perFrame(o)} per frame`,
      ratio: f / o,
      ratioMeaning: 'time vs anchor (lower is better)',
      target: 'faster, same rows',
      met: f < o && differ === 0,
    },
  ];
}
