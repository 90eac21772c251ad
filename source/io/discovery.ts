/**
 * Finds the pprof base URL of a child process tree from its listening sockets, so programs
 * need not print their port.
 *
 * Linux: the tree is read from /proc/<pid>/task/<tid>/children (or, when the kernel lacks
 * those files, from the ppid field of every /proc/<pid>/stat); the socket inodes of each
 * process come from its /proc/<pid>/fd links; they are matched with LISTEN rows of the root
 * process's /proc/<pid>/net/tcp and tcp6. macOS: `ps` and `lsof` (spawned without a shell).
 *
 * Only loopback listeners are probed, through a loopback address (wildcard listeners through
 * 127.0.0.1 or [::1]); a listener on a real interface is never contacted. Each candidate is
 * confirmed with a short GET of /debug/pprof/.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import {
  descendantsOf,
  listenProbeTargets,
  lsofProbeTargets,
  type ProbeTarget,
  parseChildrenList,
  parseLsofListeners,
  parseProcNetTcp,
  parsePsPidPpid,
  parseStatPpid,
  socketInode,
} from '../core/net/proc-net-tcp.js';
import { probePprof } from './pprof-client.js';

export interface DiscoveryOptions {
  /** Deadline of each probe GET. Default 1000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Candidates are probed in this many parallel batches at most. */
const MAX_PROBES = 32;

/**
 * The base URL (`http://127.0.0.1:<port>` or `http://[::1]:<port>`) of the first pprof
 * endpoint served by `rootPid` or one of its descendants (the root first, then breadth-first;
 * lower ports first within a process), or null when there is none (yet).
 */
export async function discoverPprof(
  rootPid: number,
  options: DiscoveryOptions = {},
): Promise<string | null> {
  const targets = await listenerTargets(rootPid);
  return firstPprof(targets.slice(0, MAX_PROBES), options);
}

/** The loopback probe targets of the tree's listening sockets, in preference order. */
export async function listenerTargets(rootPid: number): Promise<ProbeTarget[]> {
  if (!Number.isSafeInteger(rootPid) || rootPid <= 0) return [];
  if (process.platform === 'linux') return linuxTargets(rootPid);
  if (process.platform === 'darwin' || process.platform === 'freebsd') return lsofTargets(rootPid);
  return [];
}

async function firstPprof(
  targets: readonly ProbeTarget[],
  options: DiscoveryOptions,
): Promise<string | null> {
  if (targets.length === 0 || options.signal?.aborted) return null;
  const urls = targets.map((t) => `http://${t.host}:${t.port}`);
  const probeOptions = { timeoutMs: options.timeoutMs ?? 1000, signal: options.signal };
  const answers = await Promise.all(urls.map((url) => probePprof(url, probeOptions)));
  const index = answers.indexOf(true);
  return index >= 0 ? (urls[index] ?? null) : null;
}

// --- Linux ---------------------------------------------------------------------------------

async function linuxTargets(rootPid: number): Promise<ProbeTarget[]> {
  const pids = await linuxProcessTree(rootPid);
  const inodesByPid: number[][] = [];
  for (const pid of pids) inodesByPid.push(await socketInodes(pid));
  if (inodesByPid.every((inodes) => inodes.length === 0)) return [];
  const order = endianness();
  const tables = await Promise.all(
    (['tcp', 'tcp6'] as const).map(async (name) => {
      const text =
        (await readText(`/proc/${rootPid}/net/${name}`)) ?? (await readText(`/proc/net/${name}`));
      return text === null ? [] : parseProcNetTcp(text, name === 'tcp' ? 4 : 6, order);
    }),
  );
  const entries = tables.flat();
  const targets: ProbeTarget[] = [];
  const seen = new Set<string>();
  for (const inodes of inodesByPid) {
    // Lower ports first within a process (a stable sort keeps 127.0.0.1 before [::1]).
    const own = listenProbeTargets(entries, inodes).sort((a, b) => a.port - b.port);
    for (const target of own) {
      const key = `${target.host}:${target.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push(target);
    }
  }
  return targets;
}

/**
 * rootPid and its descendants (Linux), root first; empty when rootPid does not exist.
 * The children files exist only with CONFIG_PROC_CHILDREN; without them (or with
 * `method: 'stat'`) the ppid of every /proc/<pid>/stat is read instead.
 */
export async function linuxProcessTree(
  rootPid: number,
  method: 'children' | 'stat' = 'children',
): Promise<number[]> {
  if ((await readText(`/proc/${rootPid}/stat`)) === null) return [];
  if (method === 'stat' || (await readText(`/proc/${rootPid}/task/${rootPid}/children`)) === null) {
    return descendantsOf(rootPid, await allPpids());
  }
  const order = [rootPid];
  const seen = new Set(order);
  for (let i = 0; i < order.length; i++) {
    const pid = order[i]!;
    let tasks: string[];
    try {
      tasks = await readdir(`/proc/${pid}/task`);
    } catch {
      continue; // exited meanwhile
    }
    for (const tid of tasks) {
      const text = await readText(`/proc/${pid}/task/${tid}/children`);
      for (const child of text === null ? [] : parseChildrenList(text)) {
        if (seen.has(child)) continue;
        seen.add(child);
        order.push(child);
      }
    }
  }
  return order;
}

/** [pid, ppid] for every process in /proc. */
async function allPpids(): Promise<Array<[number, number]>> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return [];
  }
  const pairs: Array<[number, number]> = [];
  await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const stat = await readText(`/proc/${name}/stat`);
        const ppid = stat === null ? null : parseStatPpid(stat);
        if (ppid !== null) pairs.push([Number(name), ppid]);
      }),
  );
  return pairs;
}

/** The socket inodes among the open files of pid (none when not permitted). */
async function socketInodes(pid: number): Promise<number[]> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const inodes: number[] = [];
  for (const fd of fds) {
    try {
      const inode = socketInode(await readlink(`/proc/${pid}/fd/${fd}`));
      if (inode !== null) inodes.push(inode);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

// --- macOS (and other systems with ps and lsof) ----------------------------------------------

async function lsofTargets(rootPid: number): Promise<ProbeTarget[]> {
  const ps = await run('ps', ['-A', '-o', 'pid=,ppid=']);
  const pids = ps === null ? [rootPid] : descendantsOf(rootPid, parsePsPidPpid(ps));
  const out = await run('lsof', [
    '-nP',
    '-a',
    '-p',
    pids.join(','),
    '-iTCP',
    '-sTCP:LISTEN',
    '-F',
    'pn',
  ]);
  if (out === null) return [];
  const rank = new Map(pids.map((pid, i) => [pid, i]));
  const listeners = parseLsofListeners(out).sort(
    (a, b) => (rank.get(a.pid) ?? 0) - (rank.get(b.pid) ?? 0) || a.port - b.port,
  );
  return lsofProbeTargets(listeners);
}

/** stdout of a command run without a shell, or null when it fails to start. lsof exits 1 when nothing matches. */
function run(command: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 5000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') resolve(null);
      else resolve(String(stdout));
    });
  });
}
