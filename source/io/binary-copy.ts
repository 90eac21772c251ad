/**
 * Keeps the child's executable in the session (`binary`, mode 0700), so that a
 * heap dump's globals can be named from its ELF symbols later. `go run` deletes
 * its temporary binary when it exits, so the file is copied from
 * /proc/<pid>/exe (readable even after the deletion) while the program runs.
 */
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import {
  listeningInodes,
  type ProcessCandidate,
  pickServingProcess,
  portOfUrl,
} from '../core/heap/serving-process.js';
import { parseProcNetTcp, socketInode } from '../core/net/proc-net-tcp.js';
import { linuxProcessTree } from './discovery.js';
import type { SessionRecorder } from './session.js';

export const BINARY_MODE = 0o700;

/** Where the session keeps the program's executable. */
export function sessionBinaryPath(sessionDir: string): string {
  return path.join(sessionDir, 'binary');
}

/** The session's copy of the program's executable, or null when it has none. */
export function sessionBinary(sessionDir: string): string | null {
  const file = sessionBinaryPath(sessionDir);
  return existsSync(file) ? file : null;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function candidate(pid: number): Promise<ProcessCandidate> {
  let exe: string | null = null;
  try {
    exe = await readlink(`/proc/${pid}/exe`);
  } catch {
    // exited, or not ours
  }
  const socketInodes: number[] = [];
  try {
    for (const fd of await readdir(`/proc/${pid}/fd`)) {
      try {
        const inode = socketInode(await readlink(`/proc/${pid}/fd/${fd}`));
        if (inode !== null) socketInodes.push(inode);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // exited, or not permitted
  }
  return { pid, exe, socketInodes };
}

/**
 * The pid of the process in rootPid's tree that serves `pprofUrl` (Linux), or the program
 * under the go tool when the socket cannot be matched; null when none is found.
 */
export async function findServingProcess(
  rootPid: number,
  pprofUrl: string | null,
): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  const pids = await linuxProcessTree(rootPid);
  if (pids.length === 0) return null;
  const candidates = await Promise.all(pids.map(candidate));
  const port = pprofUrl === null ? null : portOfUrl(pprofUrl);
  let listening = new Set<number>();
  if (port !== null) {
    const order = endianness();
    const tables = await Promise.all(
      (['tcp', 'tcp6'] as const).map(async (name) => {
        const text =
          (await readText(`/proc/${rootPid}/net/${name}`)) ?? (await readText(`/proc/net/${name}`));
        return text === null ? [] : parseProcNetTcp(text, name === 'tcp' ? 4 : 6, order);
      }),
    );
    listening = listeningInodes(tables.flat(), port);
  }
  return pickServingProcess(candidates, listening);
}

export type BinaryCopy = { binary: string; pid: number; exe: string } | { error: string };

/**
 * Copies the executable of the process serving `pprofUrl` (in rootPid's tree) to
 * `<session>/binary`, mode 0700, and records it in meta.json (`binary`, or `binaryError`).
 */
export async function copySessionBinary(
  session: SessionRecorder,
  rootPid: number,
  pprofUrl: string | null,
): Promise<BinaryCopy> {
  const result = await copyBinary(session.dir, rootPid, pprofUrl);
  if ('error' in result) session.writeMeta({ binaryError: result.error });
  else
    session.writeMeta({ binary: result.binary, binaryPid: result.pid, binarySource: result.exe });
  return result;
}

async function copyBinary(
  sessionDir: string,
  rootPid: number,
  pprofUrl: string | null,
): Promise<BinaryCopy> {
  if (process.platform !== 'linux')
    return { error: 'copying the program binary needs Linux /proc' };
  const pid = await findServingProcess(rootPid, pprofUrl);
  if (pid === null) return { error: `no program process found under pid ${rootPid}` };
  let exe: string;
  try {
    exe = await readlink(`/proc/${pid}/exe`);
  } catch (error) {
    return { error: `cannot read /proc/${pid}/exe: ${(error as Error).message}` };
  }
  const target = sessionBinaryPath(sessionDir);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    copyFileSync(`/proc/${pid}/exe`, tmp);
    chmodSync(tmp, BINARY_MODE);
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    return { error: `cannot copy /proc/${pid}/exe: ${(error as Error).message}` };
  }
  return { binary: target, pid, exe };
}
