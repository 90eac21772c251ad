/**
 * The flood program's own progress under `gcdiff run` (headless) against the program alone,
 * runs alternated, each compared with the run alone of its own round. demo/testprogs/flood
 * writes ~10k stderr lines a second, many of them put together from several writes so that
 * gctrace lines land inside them, while the runtime collects ~400 times a second: gcdiff parses
 * every one of those spliced lines (the same run as test/e2e/flood.test.ts, which checks that
 * nothing is lost). Twice: with the program on every core (its idle-time mark workers fill
 * any idle core while it collects, so gcdiff's CPU delays its collections), and with one core
 * left free (GOMAXPROCS = cores - 1). Each round also runs the program alone a second time,
 * so that the machine's own round-to-round noise is measured beside the effect (see rows).
 *
 * GCDIFF_BENCH_QUICK=1: 3 s runs, 2 rounds.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { buildGoProgram } from '../test/helpers/go-build.js';
import { builtCli, tempDir } from './lib/gcdiff.js';
import { runToEnd } from './lib/proc.js';
import { median, note, QUICK, rankTestLessP } from './lib/stats.js';
import type { BenchResult } from './result.js';

const SECONDS = QUICK ? 3 : 5;
const ROUNDS = QUICK ? 2 : 5;

function progressOf(out: string): number {
  const m = /^progress=(\d+)$/m.exec(out);
  if (!m) throw new Error(`flood printed no progress: ${out.slice(-300)}`);
  return Number(m[1]);
}

/** One run of the flood: alone (gctrace to /dev/null) or under `gcdiff run` (headless). */
async function runOnce(
  flood: string,
  dir: string,
  name: string,
  env: Record<string, string>,
  under: boolean,
): Promise<number> {
  const args = [flood, '-copy', path.join(dir, `${name}.copy`), '-seconds', String(SECONDS)];
  if (!under) {
    return progressOf(await runToEnd(args, { ...process.env, ...env, GODEBUG: 'gctrace=1' }, true));
  }
  const session = path.join(dir, `${name}.session`);
  const gcdiff = [...builtCli(), 'run', '--session', session, '--'];
  return progressOf(await runToEnd([...gcdiff, ...args], { ...process.env, ...env }, true));
}

/**
 * Each round runs the program alone twice and under gcdiff once (alone, under, alone in even
 * rounds; alone, alone, under in odd ones). The effect is under ÷ the first run alone; the
 * machine's own noise is the second run alone ÷ the first, measured the same way in the same
 * rounds. "Within noise" is decided by a one-sided exact rank test: the effect ratios are not
 * shown to be lower than the alone-vs-alone ratios at p < 0.05.
 */
async function rows(
  flood: string,
  label: string,
  env: Record<string, string>,
): Promise<BenchResult> {
  const alone: number[] = [];
  const under: number[] = [];
  const effect: number[] = [];
  const noise: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const dir = tempDir('gcdiff-bench-flood-');
    try {
      const a1 = await runOnce(flood, dir.dir, 'alone1', env, false);
      let u: number;
      let a2: number;
      if (round % 2 === 0) {
        u = await runOnce(flood, dir.dir, 'under', env, true);
        a2 = await runOnce(flood, dir.dir, 'alone2', env, false);
      } else {
        a2 = await runOnce(flood, dir.dir, 'alone2', env, false);
        u = await runOnce(flood, dir.dir, 'under', env, true);
      }
      alone.push(a1, a2);
      under.push(u);
      effect.push(u / a1);
      noise.push(a2 / a1);
      note(
        `flood (${label}) ${round + 1}/${ROUNDS}: alone ${a1} and ${a2}, under gcdiff ${u} ` +
          `(${(u / a1).toFixed(3)}; alone again ${(a2 / a1).toFixed(3)})`,
      );
    } finally {
      dir.remove();
    }
  }
  const ratio = median(effect);
  const p = rankTestLessP(effect, noise);
  const fmt = (xs: number[]) => xs.map((r) => r.toFixed(3)).join(' ');
  return {
    name:
      `flood progress under gcdiff run (headless), ${label}, ${SECONDS} s ×${ROUNDS} ` +
      `(per-round ratios ${fmt(effect)}; the program alone against itself ${fmt(noise)}, ` +
      `median ${median(noise).toFixed(3)}; rank test p = ${p.toFixed(3)})`,
    anchor: 'the program alone, gctrace=1, stderr to /dev/null',
    value: `${(median(under) / SECONDS / 1e6).toFixed(2)} M iterations/s`,
    anchorValue: `${(median(alone) / SECONDS / 1e6).toFixed(2)} M iterations/s`,
    ratio,
    ratioMeaning: 'progress vs anchor (median of per-round ratios), higher is better',
    target: 'within noise: not lower than alone-vs-alone at p < 0.05 (one-sided rank test)',
    met: Number.isNaN(p) ? null : p >= 0.05,
  };
}

export default async function bench(): Promise<BenchResult[]> {
  const build = await buildGoProgram('testprogs/flood');
  try {
    const cores = availableParallelism();
    const results = [await rows(build.binary, `program on all ${cores} cores`, {})];
    if (cores >= 2) {
      results.push(
        await rows(
          build.binary,
          `program on ${cores - 1} of ${cores} cores (GOMAXPROCS=${cores - 1})`,
          { GOMAXPROCS: String(cores - 1) },
        ),
      );
    }
    return results;
  } finally {
    await build.cleanup();
  }
}
