import { parseTop } from '../core/command/run-options.js';
import { UsageError } from '../core/errors.js';
import { graphReportText } from '../core/heap/report-text.js';
import { analyzeDumpFiles } from '../io/heapdump-file.js';
import type { CommandContext } from './context.js';

/** `gcdiff graph <a.heapdump> <b.heapdump> [--binary <exe>] [--json]` */
export async function run(ctx: CommandContext): Promise<number> {
  const [a, b, ...rest] = ctx.input;
  if (!a || !b || rest.length > 0) {
    throw new UsageError(
      'graph needs two heap dumps: gcdiff graph <a.heapdump> <b.heapdump> [--binary <exe>] [--json]',
    );
  }
  const top = parseTop(ctx.flags.top) ?? 15;
  const report = analyzeDumpFiles(a, b, ctx.flags.binary);
  if (ctx.flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(graphReportText(report, top));
  return 0;
}
