/**
 * The options each command reads (as typed on the command line, without the dashes). An
 * option a command does not read would be ignored without a word (`gcdiff replay dir --json`
 * printing the summary, `gcdiff trace log --heapdump`), so it is a usage error instead.
 */
/** What run and attach share: the recording, the marks and the report. */
const RECORDING = ['session', 'marks', 'report', 'fail-on-growth', 'timeout', 'heapdump', 'ascii'];

export const COMMAND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  run: ['pprof', ...RECORDING, 'precise', 'stdin'],
  attach: ['pprof', 'trace', ...RECORDING],
  trace: ['json'],
  diff: ['sample', 'by', 'top', 'filter', 'json'],
  graph: ['binary', 'top', 'json'],
  replay: ['ascii'],
  demo: ['session', 'heapdump', 'precise', 'ascii'],
};

/** Options every command takes. */
const EVERYWHERE = new Set(['help', 'version']);

/**
 * The name of an option argument (`--fail-on-growth=10MiB` → `fail-on-growth`, `--no-ascii` →
 * `ascii`), or null for an argument that is not an option (a value, `-` for stdin).
 */
export function optionName(arg: string): string | null {
  if (!/^--?[a-z]/i.test(arg)) return null;
  return arg.replace(/^--?(no-)?/, '').split('=')[0] ?? null;
}

/**
 * The usage error for the first option in `args` that `command` does not read, or null when
 * it reads them all (or the command is unknown: that is reported on its own).
 */
export function optionNotTaken(command: string, args: readonly string[]): string | null {
  const takes = COMMAND_OPTIONS[command];
  if (!takes) return null;
  for (const arg of args) {
    const name = optionName(arg);
    if (name === null || EVERYWHERE.has(name) || takes.includes(name)) continue;
    const list = takes.map((o) => `--${o}`).join(', ');
    return `--${name} does not apply to ${command} (it takes ${list}); run gcdiff --help`;
  }
  return null;
}
