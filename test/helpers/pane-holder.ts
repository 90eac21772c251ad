/**
 * The process of a tmux pane in end-to-end tests: `node --import tsx pane-holder.ts <spec.json>`.
 *
 * It starts the program the spec names in the pane's terminal (stdio inherited, same
 * process group, so it is the pane's foreground program), writes `{pid}` to the spec's
 * `stateFile`, and when the program ends writes `{pid, code, signal}` there. Then it stays,
 * so the pane stays alive and tmux keeps reporting the terminal state the program left
 * behind (`alternate_on`, `cursor_flag`): tmux 3.3 turns the cursor flag off for a dead
 * pane, so a test could not tell a restored cursor from a hidden one.
 *
 * The spec's `env` is applied on top of the holder's environment; a null value removes a
 * variable. It ends on SIGHUP (the pane closed) or SIGTERM.
 */
import { spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface HolderSpec {
  argv: string[];
  env: Record<string, string | null>;
  stateFile: string;
  /** Outlive the pane (ignore SIGHUP) to record how the program took the hangup. */
  ignoreHangup?: boolean;
}

export interface HolderState {
  pid: number;
  /** Set once the program has ended. */
  code?: number | null;
  signal?: string | null;
}

function writeState(file: string, state: HolderState): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

const specFile = process.argv[2];
if (specFile === undefined) {
  process.stderr.write('usage: pane-holder <spec.json>\n');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as HolderSpec;
const env: NodeJS.ProcessEnv = { ...process.env };
for (const [key, value] of Object.entries(spec.env)) {
  if (value === null) delete env[key];
  else env[key] = value;
}
const [file, ...args] = spec.argv;
if (file === undefined) process.exit(2);

// Ctrl-C typed in the pane reaches the whole foreground group; the holder stays.
process.on('SIGINT', () => {});
if (spec.ignoreHangup) {
  process.on('SIGHUP', () => {});
  // The terminal is gone: nothing to hold any more once the program has ended.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
}
const child = spawn(file, args, { stdio: 'inherit', env });
child.once('spawn', () => writeState(spec.stateFile, { pid: child.pid as number }));
child.once('error', (error) => {
  process.stderr.write(`pane-holder: ${error.message}\n`);
  writeState(spec.stateFile, { pid: -1, code: 127, signal: null });
});
child.once('exit', (code, signal) => {
  writeState(spec.stateFile, { pid: child.pid as number, code, signal });
  if (spec.ignoreHangup) setTimeout(() => process.exit(0), 30_000).unref();
});
setInterval(() => {}, 1 << 30);
