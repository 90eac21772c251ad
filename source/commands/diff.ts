import { parseTop } from '../core/command/run-options.js';
import { UsageError } from '../core/errors.js';
import { renderDiffTable } from '../core/format/table.js';
import { diffProfiles, diffToJson, GROUPINGS, type Grouping } from '../core/profile/diff.js';
import { readProfileFile } from '../io/profile-file.js';
import { writeStdout } from '../io/stdout.js';
import type { CommandContext } from './context.js';

const SAMPLES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects', 'goroutine'];
/** Rows in the table when --top is not given (the JSON has them all). */
const DEFAULT_TABLE_ROWS = 20;

/** `gcdiff diff <base> <target> [--sample --by --top --filter --json]`. */
export async function run(ctx: CommandContext): Promise<number> {
  const { flags } = ctx;
  const [basePath, targetPath, ...extra] = ctx.input;
  if (!basePath || !targetPath || extra.length > 0) {
    throw new UsageError('diff takes two profiles: gcdiff diff <base.pb.gz> <target.pb.gz>');
  }
  if (flags.sample !== undefined && !SAMPLES.includes(flags.sample)) {
    throw new UsageError(`--sample must be one of ${SAMPLES.join(', ')}, not "${flags.sample}"`);
  }
  if (flags.by !== undefined && !GROUPINGS.includes(flags.by as Grouping)) {
    throw new UsageError(`--by must be one of ${GROUPINGS.join(', ')}, not "${flags.by}"`);
  }
  const top = parseTop(flags.top);
  const [base, target] = await Promise.all([
    readProfileFile(basePath),
    readProfileFile(targetPath),
  ]);
  const diff = diffProfiles(base, target, {
    ...(flags.sample !== undefined && { sample: flags.sample }),
    by: (flags.by ?? 'func') as Grouping,
    ...(flags.filter !== undefined && { filter: flags.filter }),
  });
  if (flags.json) await writeStdout(`${JSON.stringify(diffToJson(diff, top))}\n`);
  else await writeStdout(renderDiffTable(diff, { top: top ?? DEFAULT_TABLE_ROWS }));
  return 0;
}
