#!/usr/bin/env node
import './source/io/ink-env.js';
import meow from 'meow';
import type { CliFlags, Command } from './source/commands/context.js';
import { optionNotTaken } from './source/core/command/command-options.js';
import { exitCodeOf, oneLine, UsageError } from './source/core/errors.js';
import { tuneV8For } from './source/io/v8-tuning.js';

const help = `
  Usage
    $ gcdiff run [options] -- <command> [args...]     live dashboard around a child process
    $ gcdiff attach --pprof <url> [--trace <file>|-]  dashboard for a process started elsewhere
    $ gcdiff trace <file>|- [--json]                  parse a gctrace log: summary, or JSON
    $ gcdiff diff <base> <target> [options]           diff two .pb.gz profiles (heap or goroutine)
    $ gcdiff graph <a.heapdump> <b.heapdump> [--binary <exe>] [--json]
    $ gcdiff replay <session-dir>                     reopen a recorded session
    $ gcdiff demo [name]                              run a bundled demo in the dashboard

  Options of run/attach
    --pprof <url>          base URL of the pprof endpoints (default: discovered, loopback only)
    --session <dir>        where to record (default: $XDG_STATE_HOME/gcdiff/sessions/<time>)
    --marks 5s,20s         take marks at these times after the program is up
    --report <file>        write the JSON report after the last mark, stop the child, exit
    --fail-on-growth <n>   with --report: exit 1 when inuse growth exceeds n (e.g. 10MiB)
    --timeout <d>          capture timeout per request (default 15s)
    --heapdump             also capture heap dumps at marks
    --precise              profile every allocation (memprofilerate=1)
    --stdin                give the child gcdiff's stdin (default: ignored)
    --ascii                no Unicode drawing characters

  Options of diff
    --sample <type>        inuse_space (default), inuse_objects, alloc_space, alloc_objects
    --by <grouping>        func (default), line or stack
    --top <n>              number of rows
    --filter <glob>        keep only these functions or packages, e.g. 'github.com/acme/*'
    --json                 print JSON instead of a table

  Exit codes: 0 success, 1 runtime failure, 2 usage error or bad input.
`;

const commands: Record<string, () => Promise<{ run: Command }>> = {
  run: () => import('./source/commands/run.js'),
  attach: () => import('./source/commands/attach.js'),
  trace: () => import('./source/commands/trace.js'),
  diff: () => import('./source/commands/diff.js'),
  graph: () => import('./source/commands/graph.js'),
  replay: () => import('./source/commands/replay.js'),
  demo: () => import('./source/commands/demo.js'),
};

// A reader that goes away (`gcdiff trace x --json | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const flags = {
  pprof: { type: 'string' },
  session: { type: 'string' },
  marks: { type: 'string' },
  report: { type: 'string' },
  failOnGrowth: { type: 'string' },
  timeout: { type: 'string' },
  heapdump: { type: 'boolean', default: false },
  precise: { type: 'boolean', default: false },
  stdin: { type: 'boolean', default: false },
  ascii: { type: 'boolean', default: false },
  trace: { type: 'string' },
  json: { type: 'boolean', default: false },
  sample: { type: 'string' },
  by: { type: 'string' },
  top: { type: 'string' },
  filter: { type: 'string' },
  binary: { type: 'string' },
} as const;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const separator = argv.indexOf('--');
  const optionName = (f: string) => f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const known = new Set([...Object.keys(flags).map(optionName), 'help', 'version']);
  const takesValue = new Set(
    Object.entries(flags)
      .filter(([, f]) => f.type === 'string')
      .map(([name]) => `--${optionName(name)}`),
  );
  // A value that starts with `-` (`--trace -` for standard input, `--timeout -5s`) belongs to
  // the option before it: the parser would take it for a positional or an option of its own.
  const ownArgv: string[] = [];
  for (const arg of separator === -1 ? argv : argv.slice(0, separator)) {
    const before = ownArgv[ownArgv.length - 1];
    const isOption =
      /^--?(no-)?[a-z]/i.test(arg) && known.has(arg.replace(/^--?(no-)?/, '').split('=')[0] ?? '');
    if (arg.startsWith('-') && !isOption && before !== undefined && takesValue.has(before))
      ownArgv[ownArgv.length - 1] = `${before}=${arg}`;
    else ownArgv.push(arg);
  }
  const childArgv = separator === -1 ? [] : argv.slice(separator + 1);
  for (const [i, arg] of ownArgv.entries()) {
    const next = ownArgv[i + 1];
    if (takesValue.has(arg) && (next === undefined || next.startsWith('-')))
      throw new UsageError(`${arg} needs a value; run gcdiff --help`);
    if (!arg.startsWith('--') && !(arg.startsWith('-') && arg.length > 1)) continue;
    const name = arg.replace(/^--?(no-)?/, '').split('=')[0] ?? '';
    if (!known.has(name))
      throw new UsageError(`unknown option ${arg.split('=')[0]}; run gcdiff --help`);
  }
  const cli = meow(help, {
    importMeta: import.meta,
    argv: ownArgv,
    allowUnknownFlags: false,
    flags,
  });
  // meow answers --help and --version only when they are the sole argument.
  if (ownArgv.includes('--help')) cli.showHelp(0);
  if (ownArgv.includes('--version')) cli.showVersion();
  const [name, ...input] = cli.input;
  if (!name) cli.showHelp(2);
  const load = commands[name ?? ''];
  if (!load) throw new UsageError(`unknown command "${name}"; run gcdiff --help`);
  const notTaken = optionNotTaken(name ?? '', ownArgv);
  if (notTaken) throw new UsageError(notTaken);
  tuneV8For(name ?? '');
  const command = await load();
  return command.run({ input, flags: cli.flags as CliFlags, childArgv });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (process.env.DEBUG) console.error(error);
    else console.error(`gcdiff: ${oneLine(error)}`);
    process.exitCode = exitCodeOf(error);
  },
);
