import {
  normalizePprofUrl,
  parseGrowthLimit,
  parseMarkTimes,
  parseTimeout,
} from '../core/command/run-options.js';
import { UsageError } from '../core/errors.js';
import { originalEnv } from '../io/ink-env.js';
import type { CommandContext } from './context.js';
import { runHeadless } from './run-headless.js';

/** `gcdiff run [options] -- <command> [args...]`. */
export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.input.length > 0) {
    throw new UsageError(`put the program after --, e.g. gcdiff run -- ${ctx.input.join(' ')}`);
  }
  if (ctx.childArgv.length === 0)
    throw new UsageError('no program given: gcdiff run [options] -- <command> [args...]');
  const marks = ctx.flags.marks !== undefined ? parseMarkTimes(ctx.flags.marks) : [];
  const timeoutMs = parseTimeout(ctx.flags.timeout, 15_000);
  const failOnGrowth = parseGrowthLimit(ctx.flags.failOnGrowth);
  const pprofUrl = ctx.flags.pprof !== undefined ? normalizePprofUrl(ctx.flags.pprof) : null;
  if (ctx.flags.report !== undefined && marks.length === 0) {
    throw new UsageError(
      '--report needs --marks (e.g. --marks 5s,20s): the report compares the first mark with the last',
    );
  }
  if (failOnGrowth !== null && ctx.flags.report === undefined) {
    throw new UsageError('--fail-on-growth needs --report and --marks');
  }
  const options = {
    argv: ctx.childArgv,
    env: originalEnv,
    session: ctx.flags.session,
    precise: ctx.flags.precise,
    inheritStdin: ctx.flags.stdin,
    heapdump: ctx.flags.heapdump,
    pprofUrl,
    marks,
    timeoutMs,
    report: ctx.flags.report ?? null,
    failOnGrowth,
    ascii: ctx.flags.ascii,
  };
  const interactive =
    process.stdout.isTTY === true && process.stdin.isTTY === true && options.report === null;
  if (!interactive) return runHeadless(options);
  const { runDashboard } = await import('./run-dashboard.js');
  return runDashboard({ ...options, mode: 'run' });
}

export type RunOptions = {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  session: string | undefined;
  precise: boolean;
  inheritStdin: boolean;
  heapdump: boolean;
  pprofUrl: string | null;
  marks: number[];
  timeoutMs: number;
  report: string | null;
  failOnGrowth: number | null;
  ascii: boolean;
  cwd?: string;
};
