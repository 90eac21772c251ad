/**
 * Linux autogroups: with CONFIG_SCHED_AUTOGROUP (on by default in most distributions'
 * kernels), the scheduler first shares the CPU between sessions, each session's autogroup
 * weighted by its own nice value, and only then between the threads inside a session.
 * The program gcdiff runs is the leader of a new session (its process group must be its
 * own), so it gets an autogroup of its own, and the nice value of gcdiff's threads only
 * orders them against the rest of gcdiff's session (the idle shell): against the program,
 * gcdiff's session still counts as a whole nice-0 session. Giving gcdiff's autogroup the
 * same nice value as its threads makes the yield real. The value belongs to the session
 * (the shell and anything else started from it), so gcdiff sets it back when it exits, if
 * nobody changed it meanwhile; the watchdog does the same if gcdiff is killed.
 *
 * /proc/<pid>/autogroup reads `/autogroup-<id> nice <n>`; writing a number sets the nice
 * value. Unprivileged processes may raise it (lower the priority) and set it back, at most
 * once every 100 ms system-wide (EAGAIN otherwise).
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** The kernel takes one change in 100 ms from unprivileged processes, system-wide. */
const RATE_LIMIT_MS = 110;

export interface AutogroupState {
  /** `/autogroup-<id>`: names the session's group (another session has another). */
  group: string;
  nice: number;
}

export function parseAutogroup(text: string): AutogroupState | null {
  const m = /^(\/autogroup-\d+) nice (-?\d+)\s*$/.exec(text);
  if (!m) return null;
  return { group: m[1] as string, nice: Number(m[2]) };
}

/** What an autogroup change needs to be undone: whose group, and the values before/after. */
export interface AutogroupChange {
  group: string;
  before: number;
  after: number;
}

export function readAutogroup(pid: number | 'self' = 'self'): AutogroupState | null {
  try {
    return parseAutogroup(readFileSync(`/proc/${pid}/autogroup`, 'utf8'));
  } catch {
    return null;
  }
}

function writeAutogroup(pid: number | 'self', nice: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    return true;
  } catch {
    return false;
  }
}

/**
 * Raises the nice value of this process's autogroup to `nice` (never lowers it). Returns
 * the change, or null when there is nothing to change or it cannot be done (no autogroups,
 * not allowed, or rate-limited by another process's change a moment ago).
 */
export function raiseAutogroupNice(nice: number): AutogroupChange | null {
  const now = readAutogroup();
  if (now === null || now.nice >= nice) return null;
  if (!writeWithRetry('self', nice)) return null;
  const after = readAutogroup();
  if (after === null || after.group !== now.group || after.nice !== nice) return null;
  return { group: now.group, before: now.nice, after: nice };
}

/** Writes, waiting out the kernel's rate limit (another process's change) twice at most. */
function writeWithRetry(pid: number | 'self', nice: number): boolean {
  for (let attempt = 0; ; attempt++) {
    if (writeAutogroup(pid, nice)) return true;
    if (attempt === 2) return false;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RATE_LIMIT_MS);
  }
}

/**
 * Sets the nice value back through a member of the session (`self`, or another pid of it
 * once gcdiff is gone), unless the group is another one or someone set another value since.
 */
export function restoreAutogroup(change: AutogroupChange, via: number | 'self' = 'self'): boolean {
  const now = readAutogroup(via);
  if (now === null || now.group !== change.group || now.nice !== change.after) return false;
  return writeWithRetry(via, change.before);
}

/** `<group>:<before>:<after>`, for the watchdog's command line. */
export function formatChange(change: AutogroupChange): string {
  return `${change.group}:${change.before}:${change.after}`;
}

export function parseChange(text: string): AutogroupChange | null {
  const m = /^(\/autogroup-\d+):(-?\d+):(-?\d+)$/.exec(text);
  if (!m) return null;
  return { group: m[1] as string, before: Number(m[2]), after: Number(m[3]) };
}
