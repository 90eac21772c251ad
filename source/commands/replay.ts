import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { ReplayedRun } from '../io/replayed-run.js';
import { loadSession } from '../io/session-reader.js';
import type { CommandContext } from './context.js';
import { printRunSummary, say } from './headless.js';

/** `gcdiff replay <session-dir>`: the recorded session in the same dashboard; no Go, no network. */
export async function run(ctx: CommandContext): Promise<number> {
  const [dir, ...extra] = ctx.input;
  if (!dir) throw new UsageError('replay needs a session directory');
  if (extra.length > 0) throw new UsageError('replay takes one session directory');
  return replayDir(path.resolve(dir), ctx);
}

/** The small recorded session shipped in demo/session, for machines without Go. */
export async function replayShipped(demoDir: string, ctx: CommandContext): Promise<number> {
  return replayDir(path.join(demoDir, 'session'), ctx);
}

async function replayDir(dir: string, ctx: CommandContext): Promise<number> {
  const program = new ReplayedRun(dir);
  const loaded = await loadSession(dir, program.store);
  if (loaded.badLines > 0)
    say(`${loaded.badLines} unreadable line(s) in events.jsonl were skipped`);
  if (!(process.stdout.isTTY && process.stdin.isTTY)) {
    printRunSummary(program);
    return 0;
  }
  const { hostDashboard } = await import('./dashboard-host.js');
  return hostDashboard({
    program,
    locator: null,
    mode: 'replay',
    ascii: ctx.flags.ascii,
    heapdump: false,
    timeoutMs: 15_000,
    keysFromTty: false,
    restart: null,
  });
}
