import {
  normalizePprofUrl,
  parseGrowthLimit,
  parseMarkTimes,
  parseTimeout,
} from '../core/command/run-options.js';
import { UsageError } from '../core/errors.js';
import { AttachedRun } from '../io/attached-run.js';
import { redactUrl } from '../io/pprof-client.js';
import { PprofLocator } from '../io/pprof-locator.js';
import { onTermination } from '../io/terminal.js';
import type { CommandContext } from './context.js';
import { printRunSummary, say, scriptedMarks } from './headless.js';

/** `gcdiff attach --pprof <url> [--trace <file>|-]`: a program started elsewhere (SSH, k8s). */
export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.input.length > 0)
    throw new UsageError(`attach takes no arguments, got "${ctx.input.join(' ')}"`);
  if (ctx.flags.pprof === undefined) {
    throw new UsageError(
      'attach needs --pprof <url>, e.g. --pprof http://localhost:6060 (through an SSH tunnel)',
    );
  }
  const pprofUrl = normalizePprofUrl(ctx.flags.pprof);
  const trace = ctx.flags.trace ?? null;
  const marks = ctx.flags.marks !== undefined ? parseMarkTimes(ctx.flags.marks) : [];
  const timeoutMs = parseTimeout(ctx.flags.timeout, 15_000);
  const failOnGrowth = parseGrowthLimit(ctx.flags.failOnGrowth);
  const report = ctx.flags.report ?? null;
  if (report !== null && marks.length === 0)
    throw new UsageError('--report needs --marks (e.g. --marks 5s,20s)');
  if (trace === '-' && process.stdin.isTTY) {
    throw new UsageError('--trace - reads the trace from a pipe, but standard input is a terminal');
  }
  const interactive = process.stdout.isTTY === true && report === null;
  if (!interactive && trace === null && marks.length === 0) {
    throw new UsageError(
      'nothing to do without a terminal: give --trace, or --marks with --report',
    );
  }
  const program = new AttachedRun({ pprofUrl, trace, session: ctx.flags.session });
  const locator = new PprofLocator(program.store, pprofUrl, () => program.now());
  if (interactive) {
    const { hostDashboard } = await import('./dashboard-host.js');
    const traceEnded = program.start();
    void traceEnded;
    locator.locate(null);
    return hostDashboard({
      program,
      locator,
      mode: 'attach',
      ascii: ctx.flags.ascii,
      heapdump: ctx.flags.heapdump,
      timeoutMs,
      // The trace may be on stdin: keys then come from the controlling terminal.
      keysFromTty: trace === '-' || process.stdin.isTTY !== true,
      restart: null,
    });
  }
  const finish = async () => {
    locator.stop();
    await program.stop();
    printRunSummary(program);
  };
  const removeHandlers = onTermination(finish);
  try {
    const traceEnded = program.start();
    locator.locate(null);
    let code = 0;
    if (marks.length > 0) {
      code = await scriptedMarks(
        {
          command: ['attach', redactUrl(pprofUrl)],
          marks,
          timeoutMs,
          heapdump: ctx.flags.heapdump,
          report,
          failOnGrowth,
          upTimeoutMs: timeoutMs,
          pprofUrl,
        },
        program,
        locator,
        new Promise(() => {}),
      );
    } else {
      await traceEnded;
      say('the trace input ended');
    }
    await finish();
    return code;
  } finally {
    removeHandlers();
  }
}
