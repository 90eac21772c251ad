import { readdirSync, readFileSync } from 'node:fs';

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  state: string;
  cmdline: string;
}

/** Whether a process with this pid exists (a zombie counts). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process on the machine, from /proc (Linux). */
export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm may hold spaces and parentheses: split after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({
        pid: Number(entry),
        state: rest[0] ?? '?',
        ppid: Number(rest[1]),
        pgid: Number(rest[2]),
        sid: Number(rest[3]),
        cmdline,
      });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Live (non-zombie) members of a process group. */
export function groupMembers(pgid: number): ProcInfo[] {
  return listProcesses().filter((p) => p.pgid === pgid && p.state !== 'Z');
}

/** Live processes whose command line contains `text`. */
export function processesMatching(text: string): ProcInfo[] {
  return listProcesses().filter(
    (p) => p.cmdline.includes(text) && p.state !== 'Z' && p.pid !== process.pid,
  );
}

/** Waits until `check()` returns an empty list; returns what is left after the timeout. */
export async function waitUntilGone(
  check: () => ProcInfo[],
  timeoutMs = 10_000,
): Promise<ProcInfo[]> {
  const deadline = Date.now() + timeoutMs;
  let left = check();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = check();
  }
  return left;
}
