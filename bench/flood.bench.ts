/**
 * The flood program's own progress under `gcdiff run` (headless) against the program alone,
 * runs alternated, each compared with the run alone of its own round. demo/testprogs/flood
 * writes ~10k stderr lines a second, many of them put together from several writes so that
 * gctrace lines land inside them, while the runtime collects ~400 times a second: gcdiff parses
 * every one of those spliced lines (the same run as test/e2e/flood.test.ts, which checks that
 * nothing is lost). Twice: with the program on every core (its idle-time mark workers fill
 * any idle core while it collects, so gcdiff's CPU delays its collections), and with one core
 * left free (GOMAXPROCS = cores - 1). gcdiff's own CPU (utime+stime) is reported beside.
 *
 * GCDIFF_BENCH_QUICK=1: 3 s runs, 2 rounds.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { buildGoProgram } from '../test/helpers/go-build.js';
import { builtCli, tempDir } from './lib/gcdiff.js';
import { runToEnd } from './lib/proc.js';
import { median, note, QUICK } from './lib/stats.js';
import type { BenchResult } from './result.js';

const SECONDS = QUICK ? 3 : 5;
const ROUNDS = QUICK ? 2 : 5;

function progressOf(out: string): number {
  const m = /^progress=(\d+)$/m.exec(out);
  if (!m) throw new Error(`flood printed no progress: ${out.slice(-300)}`);
  return Number(m[1]);
}

async function rows(
  flood: string,
  label: string,
  env: Record<string, string>,
): Promise<BenchResult> {
  const alone: number[] = [];
  const under: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const dir = tempDir('gcdiff-bench-flood-');
    try {
      const args = ['-seconds', String(SECONDS)];
      alone.push(
        progressOf(
          await runToEnd(
            [flood, '-copy', path.join(dir.dir, 'alone.copy'), ...args],
            { ...process.env, ...env, GODEBUG: 'gctrace=1' },
            true,
          ),
        ),
      );
      const session = path.join(dir.dir, 'session');
      const gcdiff = [...builtCli(), 'run', '--session', session, '--'];
      under.push(
        progressOf(
          await runToEnd(
            [...gcdiff, flood, '-copy', path.join(dir.dir, 'under.copy'), ...args],
            { ...process.env, ...env },
            true,
          ),
        ),
      );
    } finally {
      dir.remove();
    }
    note(
      `flood (${label}) ${round + 1}/${ROUNDS}: alone ${alone[round]}, under gcdiff ${under[round]}`,
    );
  }
  const ratios = under.map((u, i) => u / (alone[i] ?? Number.NaN));
  const ratio = median(ratios);
  return {
    name: `flood progress under gcdiff run (headless), ${label}, ${SECONDS} s ×${ROUNDS} (per-round ratios ${ratios.map((r) => r.toFixed(3)).join(' ')})`,
    anchor: 'the program alone, gctrace=1, stderr to /dev/null',
    value: `${(median(under) / SECONDS / 1e6).toFixed(2)} M iterations/s`,
    anchorValue: `${(median(alone) / SECONDS / 1e6).toFixed(2)} M iterations/s`,
    ratio,
    ratioMeaning: 'progress vs anchor (median of per-round ratios), higher is better',
    target: 'within noise (report)',
    met: null,
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
