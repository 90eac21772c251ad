/**
 * The full-screen frame: ink@6 has no alternate-screen option, so we enter it
 * ourselves, and leave it on every exit path (normal exit, error, signal,
 * uncaught exception). Leaving is idempotent.
 */
const ENTER = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

let active = false;
let stream: NodeJS.WriteStream = process.stdout;

export function isFullScreen(): boolean {
  return active;
}

export function leaveFullScreen(): void {
  if (!active) return;
  active = false;
  try {
    if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
  } catch {
    // stdin may already be closed
  }
  try {
    stream.write(LEAVE);
  } catch {
    // the terminal may be gone (SIGHUP)
  }
  // A renderer may still flush a frame (which hides the cursor) after this point:
  // show the cursor once more as the very last thing the process writes.
  process.once('exit', () => {
    try {
      stream.write(SHOW_CURSOR);
    } catch {
      // the terminal may be gone
    }
  });
}

export function enterFullScreen(out: NodeJS.WriteStream = process.stdout): void {
  if (active) return;
  stream = out;
  active = true;
  out.write(ENTER);
  process.once('exit', leaveFullScreen);
}

/**
 * True for the error a read or write of a terminal that hung up gives (EIO). When a
 * tmux pane or terminal window is closed, the next frame often fails this way a few
 * milliseconds before SIGHUP arrives; that is a hangup, not an internal error.
 */
export function isHangupError(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException | null;
  return (
    e !== null &&
    typeof e === 'object' &&
    e.code === 'EIO' &&
    (e.syscall === 'write' || e.syscall === 'read')
  );
}

/**
 * Runs `cleanup` once on SIGINT, SIGTERM, SIGHUP, or an uncaught exception, then
 * exits with the conventional code. Returns a function that removes the handlers.
 * An EIO from the terminal counts as SIGHUP.
 */
export function onTermination(cleanup: (reason: string) => Promise<void> | void): () => void {
  let running = false;
  const run = (reason: string, code: number, error?: unknown) => {
    if (running) return;
    running = true;
    const finish = () => {
      leaveFullScreen();
      if (error !== undefined) {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`gcdiff: internal error: ${message.split('\n')[0]}\n`);
        if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      }
      if (reason === 'SIGHUP') {
        // The terminal is gone. Die of the hangup itself, as an untrapped SIGHUP would:
        // a normal exit then resets a terminal that no longer exists, and was seen to
        // crash Node on the way out.
        process.removeAllListeners('SIGHUP');
        setTimeout(() => process.exit(code), 1000).unref();
        process.kill(process.pid, 'SIGHUP');
        return;
      }
      process.exit(code);
    };
    // Never hang on the way out: a cleanup that stalls is cut short.
    const timer = setTimeout(finish, 8000);
    timer.unref();
    Promise.resolve()
      .then(() => cleanup(reason))
      .catch(() => {})
      .finally(finish);
  };
  const handlers: [string, (...args: unknown[]) => void][] = [
    ['SIGINT', () => run('SIGINT', 130)],
    ['SIGTERM', () => run('SIGTERM', 143)],
    ['SIGHUP', () => run('SIGHUP', 129)],
    [
      'uncaughtException',
      (error) => (isHangupError(error) ? run('SIGHUP', 129) : run('uncaughtException', 1, error)),
    ],
    ['unhandledRejection', (error) => run('unhandledRejection', 1, error)],
  ];
  for (const [event, handler] of handlers) process.on(event, handler);
  return () => {
    for (const [event, handler] of handlers) process.off(event, handler);
  };
}
