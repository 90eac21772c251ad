/**
 * How the child is started: pure argv/env planning, no I/O.
 *
 * gctrace must reach the user's program only. `GODEBUG=gctrace=1 go run .` also
 * traces the go command, the compiler and the linker, whose GC lines carry no PID
 * and cannot be told apart afterwards. So for `go run` and `go test` we leave
 * GODEBUG off the go command and hand it to the built binary through `-exec`.
 */

export interface ChildPlan {
  /** Executable and its arguments, run without a shell. */
  file: string;
  args: string[];
  /** The complete environment of the child. */
  env: Record<string, string>;
  /** True when GODEBUG reaches the program through `go … -exec`. */
  viaGoExec: boolean;
}

export interface PlanOptions {
  /** Add memprofilerate=1 to GODEBUG and GCDIFF_MEMPROFILERATE=1 (the agent sets the rate in init). */
  precise?: boolean;
  /**
   * Keep the ELF symbol table of a `go run`/`go test` build (`-ldflags=-s=false`): the go
   * command links those with `-s -w`, and heap dumps name globals only through it.
   */
  keepSymbols?: boolean;
}

/** GODEBUG settings parsed in order; later `name=value` wins, as in the runtime. */
export function parseGodebug(value: string | undefined): [string, string][] {
  if (!value) return [];
  const out: [string, string][] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    out.push(eq === -1 ? [item, ''] : [item.slice(0, eq), item.slice(eq + 1)]);
  }
  return out;
}

/** The effective value of one GODEBUG setting (the last one wins). */
export function godebugSetting(value: string | undefined, name: string): string | undefined {
  let found: string | undefined;
  for (const [k, v] of parseGodebug(value)) if (k === name) found = v;
  return found;
}

/**
 * The user's GODEBUG with ours added at the end, so ours take effect; the user's
 * other settings are kept as they were. A gctrace level the user already set to
 * 1 or more (gctrace=2 prints scan lines that the parser understands) is kept.
 */
export function mergeGodebug(user: string | undefined, options: PlanOptions = {}): string {
  const parts = user ? [user.replace(/,+$/, '')].filter(Boolean) : [];
  const level = Number(godebugSetting(user, 'gctrace') ?? '0');
  if (!(level >= 1)) parts.push('gctrace=1');
  if (options.precise) parts.push('memprofilerate=1');
  return parts.join(',');
}

/** Quotes one word for the go command's -exec splitting (cmd/internal/quoted). */
export function quoteForGo(word: string): string {
  if (word !== '' && !/[\s'"]/.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  if (!word.includes('"')) return `"${word}"`;
  throw new Error(
    `cannot pass ${JSON.stringify(word)} through go -exec: it holds both quote kinds`,
  );
}

/** Index of the go subcommand (`run`/`test`) when argv is a go invocation that takes -exec. */
function goExecSubcommand(argv: readonly string[]): number {
  const exe = argv[0];
  if (!exe) return -1;
  const base = exe.split('/').pop() ?? exe;
  if (base !== 'go' && base !== 'go.exe') return -1;
  const sub = argv.findIndex((a, i) => i > 0 && !a.startsWith('-'));
  if (sub === -1) return -1;
  return argv[sub] === 'run' || argv[sub] === 'test' ? sub : -1;
}

/**
 * Finds a user-given go flag (`-name x`, `-name=x`, or with `--`) between the subcommand and
 * the package.
 */
function findGoFlag(
  args: readonly string[],
  from: number,
  name: string,
): { index: number; width: number; value: string } | null {
  for (let i = from; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') return null;
    if (a === `-${name}` || a === `--${name}`) {
      return { index: i, width: 2, value: args[i + 1] ?? '' };
    }
    if (a.startsWith(`-${name}=`) || a.startsWith(`--${name}=`)) {
      return { index: i, width: 1, value: a.slice(a.indexOf('=') + 1) };
    }
    if (!a.startsWith('-')) return null;
  }
  return null;
}

/**
 * Adds `-s=false` to the link of a go run/test build, in place. A user's -ldflags for the
 * packages named (`-X main.v=1`) gets it appended; one with a pattern (`pkg=-X …`) is left
 * as the user wrote it.
 */
function keepGoSymbols(args: string[], sub: number): void {
  const user = findGoFlag(args, sub, 'ldflags');
  if (user === null) {
    args.splice(sub, 0, '-ldflags=-s=false');
    return;
  }
  const value = user.value.trim();
  if (value !== '' && !value.startsWith('-')) return;
  args.splice(user.index, user.width, `-ldflags=${value === '' ? '' : `${value} `}-s=false`);
}

export function planChild(
  argv: readonly string[],
  parentEnv: Readonly<Record<string, string | undefined>>,
  options: PlanOptions = {},
): ChildPlan {
  if (argv.length === 0)
    throw new Error('no command given: gcdiff run [options] -- <command> [args...]');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(parentEnv)) if (v !== undefined) env[k] = v;
  const godebug = mergeGodebug(parentEnv.GODEBUG, options);
  if (options.precise) env.GCDIFF_MEMPROFILERATE = '1';

  const sub = goExecSubcommand(argv);
  if (sub === -1) {
    env.GODEBUG = godebug;
    return { file: argv[0] as string, args: argv.slice(1), env, viaGoExec: false };
  }

  // go run/test: the go command keeps the user's GODEBUG without gctrace; the binary gets ours.
  const forGoCommand = parseGodebug(parentEnv.GODEBUG)
    .filter(([k]) => k !== 'gctrace')
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join(',');
  if (forGoCommand) env.GODEBUG = forGoCommand;
  else delete env.GODEBUG;
  const programEnv = [`GODEBUG=${godebug}`];
  if (options.precise) programEnv.push('GCDIFF_MEMPROFILERATE=1');
  const args = argv.slice(1);
  if (options.keepSymbols) keepGoSymbols(args, sub);
  const userExec = findGoFlag(args, sub, 'exec');
  const execWords = ['env', ...programEnv.map(quoteForGo)];
  if (userExec) {
    execWords.push(userExec.value);
    args.splice(userExec.index, userExec.width);
  }
  args.splice(sub, 0, `-exec=${execWords.join(' ')}`);
  return { file: argv[0] as string, args, env, viaGoExec: true };
}
