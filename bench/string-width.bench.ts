/**
 * Ink measures every text node of every frame with string-width (widest-line in its output
 * pass, and again in Yoga's measure function). For the dashboard's lines (box drawing,
 * `µ`, block characters: not ASCII, so string-width segments graphemes with Intl.Segmenter
 * and tests each against an emoji regex) that was ~13 % of a frame's CPU. package.json
 * overrides string-width with fast-string-width for all of Ink's dependencies.
 *
 * This measures both on the lines of real dashboard frames (200×50 and 80×24, colour on,
 * Unicode drawing), side by side, and checks they give the same width for every line.
 */
import '../test/helpers/ink-test-env.js';
import '../test/ui/force-color.js';
import fastStringWidth from 'fast-string-width';
import stringWidth from 'string-width-reference';
import { sampleFrameLines } from '../test/ui/sample-frame.js';
import type { BenchResult } from './result.js';

export default async function bench(): Promise<BenchResult[]> {
  const lines = [...(await sampleFrameLines(200, 50)), ...(await sampleFrameLines(80, 24))];
  const mismatches = lines.filter((l) => stringWidth(l) !== fastStringWidth(l)).length;
  // Distinct strings per round (Ink measures new text each frame; no cache helps).
  const REPEAT = 300;
  const measure = (fn: (s: string) => number) => {
    const start = performance.now();
    let sum = 0;
    for (let k = 0; k < REPEAT; k++) for (const l of lines) sum += fn(l + (k % 10));
    return [performance.now() - start, sum] as const;
  };
  measure(stringWidth);
  measure(fastStringWidth);
  const ref: number[] = [];
  const fast: number[] = [];
  for (let round = 0; round < 5; round++) {
    ref.push(measure(stringWidth)[0]);
    fast.push(measure(fastStringWidth)[0]);
  }
  const median = (t: number[]) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)] ?? Number.NaN;
  const perFrame = (ms: number) => `${((ms / REPEAT) * (50 / lines.length) * 1000).toFixed(0)} µs`;
  const [r, f] = [median(ref), median(fast)];
  process.stderr.write(
    `string width of ${lines.length} frame lines ×${REPEAT}: string-width ${r.toFixed(0)} ms, ` +
      `fast-string-width ${f.toFixed(0)} ms; ${mismatches} lines measured differently\n`,
  );
  return [
    {
      name: `text width of dashboard frame lines (200×50 + 80×24, Unicode, colour), ${mismatches} of ${lines.length} lines differ`,
      anchor: 'string-width 8.3.0 (what Ink ships with)',
      value: `fast-string-width: ${perFrame(f)} per 50-line frame`,
      anchorValue: `${perFrame(r)} per 50-line frame`,
      ratio: f / r,
      ratioMeaning: 'time vs anchor (lower is better)',
      target: 'faster, same widths',
      met: f < r && mismatches === 0,
    },
  ];
}
