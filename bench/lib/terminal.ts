/**
 * The real dashboard in a real terminal for benches: a private tmux server at a fixed size
 * (test/helpers/tmux.ts) running the built CLI, the pid of the gcdiff node process, and a
 * clean stop (q, then the server is killed, then any process of ours still alive).
 */
import { readlinkSync, realpathSync } from 'node:fs';
import { isAlive } from '../../test/helpers/processes.js';
import { TmuxSession } from '../../test/helpers/tmux.js';
import { childPids, cmdline } from './proc.js';
import { sleep } from './stats.js';

export interface DashboardInTerminal {
  tmux: TmuxSession;
  /** The pane's process: the gcdiff node process, or the relay in front of it. */
  pid: number;
  /** The processes gcdiff started (its children), as seen now. */
  children(): number[];
  /** Presses q, waits for gcdiff to exit (up to `timeoutMs`), kills the tmux server and leftovers. */
  stop(timeoutMs?: number): Promise<void>;
}

function exe(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
}

/** Starts `argv` (the gcdiff CLI and its arguments) in tmux at columns×rows. */
export async function startInTerminal(
  argv: string[],
  options: {
    columns?: number;
    rows?: number;
    env?: Record<string, string | undefined>;
    cwd?: string;
  } = {},
): Promise<DashboardInTerminal> {
  const tmux = new TmuxSession(options.columns ?? 200, options.rows ?? 50);
  tmux.start(argv, options.env ?? {}, options.cwd);
  const pid = Number(tmux.paneVar('pane_pid'));
  // The pane must run node (gcdiff sets its process title, so its cmdline says "gcdiff").
  const node = realpathSync(process.execPath);
  const deadline = Date.now() + 5000;
  while (exe(pid) !== node && Date.now() < deadline) await sleep(20);
  if (!Number.isInteger(pid) || pid <= 0 || exe(pid) !== node) {
    tmux.kill();
    throw new Error(`the tmux pane does not run node (pane_pid ${pid}: ${cmdline(pid).join(' ')})`);
  }
  const seen = new Set<number>();
  const children = () => {
    const now = childPids(pid);
    for (const c of now) seen.add(c);
    return now;
  };
  return {
    tmux,
    pid,
    children,
    async stop(timeoutMs = 10_000) {
      children();
      try {
        if (tmux.paneVar('pane_dead') !== '1') {
          tmux.sendKeys('q');
          const deadline = Date.now() + timeoutMs;
          while (Date.now() < deadline && isAlive(pid)) await sleep(50);
        }
      } catch {
        // the server is already gone
      }
      tmux.kill();
      for (const p of [pid, ...seen]) {
        if (isAlive(p)) {
          try {
            process.kill(p, 'SIGKILL');
          } catch {
            // ended meanwhile
          }
        }
      }
    },
  };
}
