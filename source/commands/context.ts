/** Flags as parsed by meow in cli.tsx; each command reads the ones it documents. */
export interface CliFlags {
  pprof?: string;
  session?: string;
  marks?: string;
  report?: string;
  heapdump: boolean;
  precise: boolean;
  ascii: boolean;
  stdin: boolean;
  timeout?: string;
  failOnGrowth?: string;
  trace?: string;
  json: boolean;
  sample?: string;
  by?: string;
  top?: string;
  filter?: string;
  binary?: string;
}

export interface CommandContext {
  /** Positional arguments after the command name. */
  input: string[];
  flags: CliFlags;
  /** For `run`: the child's argv, everything after `--`. */
  childArgv: string[];
}

export type Command = (ctx: CommandContext) => Promise<number>;
