/**
 * Reading a process's CPU time and memory from /proc (Linux), for benches that measure
 * another process from outside: utime+stime from /proc/<pid>/stat, VmRSS and VmHWM from
 * /proc/<pid>/status, and a process's children from /proc/<pid>/task/<tid>/children.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { ROOT } from './gcdiff.js';

let clockTicks: number | null = null;

/** Clock ticks per second (`getconf CLK_TCK`), the unit of utime and stime. */
export function clockTicksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime+stime of the process (all its threads), in ms; null when it is gone. */
export function cpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: split after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicksPerSecond();
}

/** A `Vm*` line of /proc/<pid>/status in bytes (VmRSS, VmHWM, ...); null when unavailable. */
export function statusBytes(pid: number, key: 'VmRSS' | 'VmHWM'): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match?.[1] ? Number(match[1]) * 1024 : null;
}

/** Direct children of a process (from every thread's children list). */
export function childPids(pid: number): number[] {
  const out = new Set<number>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  for (const tid of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) {
        if (c.trim()) out.add(Number(c));
      }
    } catch {
      // the thread ended meanwhile
    }
  }
  return [...out];
}

/** The command line of a process, split on NULs. */
export function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** CPU time of a process over `intervalMs` of wall time, as a share of one core (0.1 = 10 %). */
export async function cpuShareOver(pid: number, intervalMs: number): Promise<number> {
  const before = cpuMs(pid);
  const start = performance.now();
  await new Promise((r) => setTimeout(r, intervalMs));
  const after = cpuMs(pid);
  const wall = performance.now() - start;
  if (before === null || after === null)
    throw new Error(`process ${pid} ended during the measurement`);
  return (after - before) / wall;
}

/** Runs argv in ROOT to its end; resolves with its stdout (and stderr, unless sent elsewhere), rejects on a non-zero exit. */
export function runToEnd(
  argv: string[],
  env: NodeJS.ProcessEnv,
  /** true: stderr to /dev/null; a path: appended to that file; false: collected with stdout. */
  stderrTo: boolean | string,
): Promise<string> {
  const devNull =
    stderrTo === false ? null : openSync(stderrTo === true ? '/dev/null' : stderrTo, 'a', 0o600);
  return new Promise<string>((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', devNull ?? 'pipe'],
    });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => {
      out += t;
    });
    child.stderr?.setEncoding('utf8').on('data', (t: string) => {
      out += t;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${out.slice(-500)}`));
      else resolve(out);
    });
  }).finally(() => {
    if (devNull !== null) closeSync(devNull);
  });
}
