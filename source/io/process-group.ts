/** Signals to a whole process group (the child was started as its own group leader). */

export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group is alive (zombies included until reaped). */
export function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ends a process group: SIGINT first (Go programs and `go run` exit on it), then
 * SIGTERM, then SIGKILL once the grace period is over. Resolves when no member is left.
 */
export async function endGroup(pgid: number, graceMs = 3000): Promise<void> {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGINT');
  const deadline = Date.now() + graceMs;
  let termSent = false;
  while (groupAlive(pgid) && Date.now() < deadline) {
    if (!termSent && Date.now() > deadline - graceMs / 2) {
      signalGroup(pgid, 'SIGTERM');
      termSent = true;
    }
    await sleep(25);
  }
  if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
  const killDeadline = Date.now() + 2000;
  while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(10);
}

/** Synchronous last resort for exit handlers, where nothing asynchronous runs. */
export function killGroupNow(pgid: number): void {
  signalGroup(pgid, 'SIGKILL');
}
