/**
 * The flood program's own progress under `gcdiff run` (headless) against the program alone,
 * runs alternated, each compared with the run alone of its own round. demo/testprogs/flood
 * writes ~10k stderr lines a second, many of them put together from several writes so that
 * gctrace lines land inside them, while the runtime collects ~400 times a second: gcdiff parses
 * every one of those spliced lines (the same run as test/e2e/flood.test.ts, which checks that
 * nothing is lost). Twice: with the program on every core (its idle-time mark workers fill
 * any idle core while it collects, so gcdiff's CPU delays its collections), and with one core
 * left free (GOMAXPROCS = cores - 1). The anchor is the program alone writing its stderr to
 * a file, as it does under gcdiff; each round runs that twice, so that the machine's own
 * round-to-round noise is measured beside the effect, and once to /dev/null (see rows).
 *
 * GCDIFF_BENCH_QUICK=1: 3 s runs, 2 rounds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { buildGoProgram } from '../test/helpers/go-build.js';
import { builtCli, tempDir } from './lib/gcdiff.js';
import { runToEnd } from './lib/proc.js';
import { median, note, QUICK, rankTestLessP } from './lib/stats.js';
import type { BenchResult } from './result.js';

const SECONDS = QUICK ? 3 : 5;
const ROUNDS = QUICK ? 2 : 8;

function progressOf(out: string): number {
  const m = /^progress=(\d+)$/m.exec(out);
  if (!m) throw new Error(`flood printed no progress: ${out.slice(-300)}`);
  return Number(m[1]);
}

type Where = 'null' | 'file' | 'under' | 'idle';

/**
 * A busy loop under SCHED_IDLE (`chrt -i 0`), the lowest scheduling class Linux has: the least
 * any other process that uses the CPU can cost the program. Null when chrt cannot run it.
 */
async function idleLoop(): Promise<ChildProcess | null> {
  const loop = spawn('chrt', ['-i', '0', process.execPath, '-e', 'for (;;) {}'], {
    stdio: 'ignore',
  });
  const ok = await new Promise<boolean>((resolve) => {
    loop.once('error', () => resolve(false));
    loop.once('exit', () => resolve(false));
    setTimeout(() => resolve(true), 300);
  });
  if (ok) return loop;
  loop.kill('SIGKILL');
  return null;
}

/**
 * One run of the flood: alone with its stderr (gctrace and all) to /dev/null or appended to a
 * file in the run's directory, or under `gcdiff run` (headless), where it appends to the
 * session's stderr.log in the same directory itself.
 */
async function runOnce(
  flood: string,
  dir: string,
  name: string,
  env: Record<string, string>,
  where: Where,
): Promise<number> {
  const args = [flood, '-copy', path.join(dir, `${name}.copy`), '-seconds', String(SECONDS)];
  if (where === 'idle') {
    const loop = await idleLoop();
    if (loop === null) return Number.NaN;
    try {
      return await runOnce(flood, dir, name, env, 'file');
    } finally {
      loop.kill('SIGKILL');
    }
  }
  if (where !== 'under') {
    const stderr = where === 'null' ? true : path.join(dir, `${name}.stderr`);
    return progressOf(
      await runToEnd(args, { ...process.env, ...env, GODEBUG: 'gctrace=1' }, stderr),
    );
  }
  const session = path.join(dir, `${name}.session`);
  const gcdiff = [...builtCli(), 'run', '--session', session, '--'];
  return progressOf(await runToEnd([...gcdiff, ...args], { ...process.env, ...env }, true));
}

/**
 * Each round runs the program alone three times (stderr to /dev/null, then twice to a file)
 * and under gcdiff once: null, file, under, file in even rounds; null, file, file, under in
 * odd ones. The judged anchor is the program alone writing its stderr to a file: under
 * gcdiff it writes the same bytes to a file (the session's stderr.log) with its own write(2)
 * calls, so that anchor leaves out exactly gcdiff's own cost. The effect is under ÷ the
 * first file run; the machine's noise is the second file run ÷ the first, in the same rounds.
 * "Within noise" is a one-sided exact rank test: the effect ratios are not shown to be lower
 * than the alone-vs-alone ratios at p < 0.05. Against /dev/null (no writes reach a file) the
 * ratio is reported too, with what the file writes alone cost the program. Each round also
 * runs the program alone beside a busy loop under SCHED_IDLE: what the least intrusive other
 * CPU user costs it, the floor for any observer that does work while the program runs.
 */
async function rows(
  flood: string,
  label: string,
  env: Record<string, string>,
): Promise<BenchResult[]> {
  const nulls: number[] = [];
  const files: number[] = [];
  const under: number[] = [];
  const effect: number[] = [];
  const noise: number[] = [];
  const vsNull: number[] = [];
  const fileVsNull: number[] = [];
  const idleEffect: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const dir = tempDir('gcdiff-bench-flood-');
    try {
      const n = await runOnce(flood, dir.dir, 'null', env, 'null');
      const f1 = await runOnce(flood, dir.dir, 'file1', env, 'file');
      let u: number;
      let f2: number;
      if (round % 2 === 0) {
        u = await runOnce(flood, dir.dir, 'under', env, 'under');
        f2 = await runOnce(flood, dir.dir, 'file2', env, 'file');
      } else {
        f2 = await runOnce(flood, dir.dir, 'file2', env, 'file');
        u = await runOnce(flood, dir.dir, 'under', env, 'under');
      }
      const idle = await runOnce(flood, dir.dir, 'idle', env, 'idle');
      if (!Number.isNaN(idle)) idleEffect.push(idle / f1);
      nulls.push(n);
      files.push(f1, f2);
      under.push(u);
      effect.push(u / f1);
      noise.push(f2 / f1);
      vsNull.push(u / n);
      fileVsNull.push(f1 / n);
      note(
        `flood (${label}) ${round + 1}/${ROUNDS}: alone to /dev/null ${n}, to a file ${f1} and ` +
          `${f2}, under gcdiff ${u} (${(u / f1).toFixed(3)} of the file run; alone again ` +
          `${(f2 / f1).toFixed(3)}; the file run ${(f1 / n).toFixed(3)} of /dev/null; beside ` +
          `a SCHED_IDLE busy loop ${Number.isNaN(idle) ? 'not run' : (idle / f1).toFixed(3)})`,
      );
    } finally {
      dir.remove();
    }
  }
  const p = rankTestLessP(effect, noise);
  const pIdle = rankTestLessP(effect, idleEffect);
  const fmt = (xs: number[]) => xs.map((r) => r.toFixed(3)).join(' ');
  const rate = (xs: number[]) => `${(median(xs) / SECONDS / 1e6).toFixed(2)} M iterations/s`;
  return [
    {
      name:
        `flood progress under gcdiff run (headless), ${label}, ${SECONDS} s ×${ROUNDS} ` +
        `(per-round ratios ${fmt(effect)}; the program alone against itself ${fmt(noise)}, ` +
        `median ${median(noise).toFixed(3)}; rank test p = ${p.toFixed(3)})`,
      anchor: 'the program alone, gctrace=1, stderr appended to a file (as under gcdiff)',
      value: rate(under),
      anchorValue: rate(files),
      ratio: median(effect),
      ratioMeaning: 'progress vs anchor (median of per-round ratios), higher is better',
      target: 'within noise: not lower than alone-vs-alone at p < 0.05 (one-sided rank test)',
      met: Number.isNaN(p) ? null : p >= 0.05,
    },
    {
      name:
        `flood progress under gcdiff run (headless) against /dev/null, ${label} ` +
        `(per-round ratios ${fmt(vsNull)}; the program alone writing to a file instead of ` +
        `/dev/null, without gcdiff: ${fmt(fileVsNull)}, median ${median(fileVsNull).toFixed(3)})`,
      anchor: 'the program alone, gctrace=1, stderr to /dev/null',
      value: rate(under),
      anchorValue: rate(nulls),
      ratio: median(vsNull),
      ratioMeaning: 'progress vs anchor (median of per-round ratios), higher is better',
      target: "none: the writes to a file are the program's own (see the row above)",
      met: null,
    },
    {
      name:
        `the program alone with a busy loop under SCHED_IDLE beside it (chrt -i 0, the lowest ` +
        `scheduling class), ${label} (per-round ratios ${fmt(idleEffect)}); gcdiff's effect ` +
        `lower than the loop's: rank test p = ${Number.isNaN(pIdle) ? 'n/a' : pIdle.toFixed(3)}`,
      anchor: 'the program alone, gctrace=1, stderr appended to a file',
      value: idleEffect.length > 0 ? `${median(idleEffect).toFixed(3)}× of the anchor` : 'not run',
      anchorValue: rate(files),
      ratio: idleEffect.length > 0 ? median(idleEffect) : Number.NaN,
      ratioMeaning: 'progress vs anchor (median of per-round ratios), higher is better',
      target: 'report: what any other CPU user costs the program, at the lowest priority',
      met: null,
    },
  ];
}

export default async function bench(): Promise<BenchResult[]> {
  const build = await buildGoProgram('testprogs/flood');
  try {
    const cores = availableParallelism();
    const results = await rows(build.binary, `program on all ${cores} cores`, {});
    if (cores >= 2) {
      results.push(
        ...(await rows(
          build.binary,
          `program on ${cores - 1} of ${cores} cores (GOMAXPROCS=${cores - 1})`,
          { GOMAXPROCS: String(cores - 1) },
        )),
      );
    }
    return results;
  } finally {
    await build.cleanup();
  }
}
