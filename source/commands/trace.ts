import { UsageError } from '../core/errors.js';
import { cycleToJson } from '../core/format/cycle-json.js';
import { formatTraceSummary } from '../core/format/trace-summary.js';
import { GctraceParser } from '../core/gctrace/parser.js';
import { TraceCollector } from '../core/timeline/trace-collector.js';
import { writeStdout } from '../io/stdout.js';
import { readTextChunks } from '../io/text-input.js';
import type { CommandContext } from './context.js';

/** `gcdiff trace <file>|- [--json]`: parse a gctrace log, print a summary or the JSON. */
export async function run(ctx: CommandContext): Promise<number> {
  const [source, ...extra] = ctx.input;
  if (!source) throw new UsageError('trace needs a file, or - for standard input');
  if (extra.length > 0) throw new UsageError(`trace takes one file, got ${ctx.input.length}`);
  const parser = new GctraceParser();
  const collector = new TraceCollector();

  // On a live pipe, Ctrl-C ends the input: report what was read so far.
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    if (source === '-') process.stdin.destroy();
  };
  process.once('SIGINT', onSigint);
  try {
    for await (const text of readTextChunks(source)) {
      collector.add(parser.push(text));
      if (interrupted) break;
    }
  } catch (error) {
    if (!interrupted) throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
  collector.add(parser.end());

  const summary = collector.summary();
  if (ctx.flags.json) {
    const json = {
      cycles: collector.cycles.map(cycleToJson),
      output: collector.output,
      processes: collector.processes,
      gaps: collector.gaps,
      summary,
    };
    await writeStdout(`${JSON.stringify(json)}\n`);
  } else {
    await writeStdout(
      formatTraceSummary({
        summary,
        gaps: collector.gaps,
        lastCumulativePercent: collector.lastCumulativePercent(),
      }),
    );
  }
  return 0;
}
