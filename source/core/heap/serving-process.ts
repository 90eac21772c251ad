/**
 * Which process of a child's tree is the Go program whose memory a heap dump
 * shows, so that its executable can be kept for naming globals. Pure: the
 * caller reads /proc.
 */
import { type ProcNetTcpEntry, TCP_LISTEN } from '../net/proc-net-tcp.js';

export interface ProcessCandidate {
  pid: number;
  /** Target of /proc/<pid>/exe, or null when it cannot be read. */
  exe: string | null;
  /** Socket inodes among its open files. */
  socketInodes: readonly number[];
}

/** The TCP port of a pprof base URL, or null. */
export function portOfUrl(url: string): number | null {
  try {
    const parsed = new URL(url);
    if (parsed.port !== '') return Number(parsed.port);
    if (parsed.protocol === 'http:') return 80;
    if (parsed.protocol === 'https:') return 443;
    return null;
  } catch {
    return null;
  }
}

/** Inodes of the sockets listening on `port` (any address). */
export function listeningInodes(entries: readonly ProcNetTcpEntry[], port: number): Set<number> {
  const inodes = new Set<number>();
  for (const entry of entries) {
    if (entry.state === TCP_LISTEN && entry.port === port && entry.inode > 0)
      inodes.add(entry.inode);
  }
  return inodes;
}

/** True for the go command and its tools (compile, link, ...): not the program. */
export function isGoTool(exe: string): boolean {
  const clean = exe.replace(/ \(deleted\)$/, '');
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  return base === 'go' || base === 'go.exe' || /\/pkg\/tool\/[^/]+\/[^/]+$/.test(clean);
}

/**
 * The pid of the program among `candidates` (the tree, root first): the process that holds
 * a socket listening on the pprof port; failing that, the deepest process whose executable
 * is not the go tool (`go run` → the built program). Null when there is none.
 */
export function pickServingProcess(
  candidates: readonly ProcessCandidate[],
  listening: ReadonlySet<number>,
): number | null {
  for (const candidate of candidates) {
    if (candidate.exe !== null && candidate.socketInodes.some((inode) => listening.has(inode))) {
      return candidate.pid;
    }
  }
  for (let i = candidates.length - 1; i >= 0; i--) {
    const candidate = candidates[i]!;
    if (candidate.exe !== null && !isGoTool(candidate.exe)) return candidate.pid;
  }
  return null;
}
