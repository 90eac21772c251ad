import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildPlan } from '../core/command/child-command.js';
import { UsageError } from '../core/errors.js';
import { formatChange, readAutogroup } from './autogroup.js';
import { SpawnError, type Spawned, sessionAutogroupChange, spawnChild } from './nice-spawner.js';
import { endGroup, killGroupNow } from './process-group.js';
import { within } from './within.js';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildHandle {
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  /** True once the group leader has exited. */
  hasExited(): boolean;
  /** SIGINT to the whole group, SIGKILL after the grace period; resolves when none is left. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /**
   * Where the child writes: file descriptors open for append on the session's stdout.log
   * and stderr.log. The child writes its bytes there itself, so it never waits on a pipe
   * we have to drain, and the logs are its exact bytes by construction.
   */
  output: { stdout: number; stderr: number };
  /** Give the child gcdiff's stdin (default: ignored, so keys stay with the dashboard). */
  inheritStdin?: boolean;
  /** Start a watchdog process that ends the group if gcdiff dies (default true). */
  watchdog?: boolean;
  /** Working directory of the child (default: gcdiff's). */
  cwd?: string;
}

/** Children still running, ended synchronously when gcdiff exits by any path. */
const live = new Set<number>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of live) killGroupNow(pgid);
  });
}

function watchdogCommand(): { file: string; args: string[] } {
  const js = fileURLToPath(new URL('./watchdog.js', import.meta.url));
  if (existsSync(js)) return { file: process.execPath, args: [js] };
  // Running from sources under tsx (tests).
  const ts = fileURLToPath(new URL('./watchdog.ts', import.meta.url));
  return { file: process.execPath, args: ['--import', import.meta.resolve('tsx'), ts] };
}

/**
 * The watchdog's arguments: the child's group, and the autogroup change to undo through
 * gcdiff's parent (a member of the same session that outlives gcdiff) if gcdiff is killed.
 */
function watchdogArgs(pgid: number): string[] {
  const change = sessionAutogroupChange();
  if (change === null || readAutogroup(process.ppid)?.group !== change.group) return [String(pgid)];
  return [String(pgid), formatChange(change), String(process.ppid)];
}

function startWatchdog(pgid: number): ChildProcess | null {
  try {
    const { file, args } = watchdogCommand();
    const dog = spawn(file, [...args, ...watchdogArgs(pgid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    dog.on('error', () => {});
    dog.stdin?.on('error', () => {});
    dog.unref();
    (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return dog;
  } catch {
    return null;
  }
}

/** Starts the child without a shell, as the leader of its own process group. */
export async function startChild(plan: ChildPlan, options: StartOptions): Promise<ChildHandle> {
  installExitHook();
  let spawned: Spawned;
  try {
    spawned = await spawnChild({
      file: plan.file,
      args: plan.args,
      env: plan.env,
      cwd: options.cwd,
      stdio: [options.inheritStdin ? 0 : 'ignore', options.output.stdout, options.output.stderr],
    });
  } catch (error) {
    const code = error instanceof SpawnError ? error.code : undefined;
    const why =
      code === 'ENOENT'
        ? 'command not found'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
    throw new UsageError(`cannot start ${plan.file}: ${why}`);
  }
  const pid = spawned.pid;
  live.add(pid);
  const dog = options.watchdog === false ? null : startWatchdog(pid);
  let exited = false;
  const exitedPromise = spawned.exited.then((exit): ChildExit => {
    exited = true;
    return exit;
  });
  return {
    pid,
    exited: exitedPromise,
    hasExited: () => exited,
    async stop(graceMs = 3000) {
      await endGroup(pid, graceMs);
      live.delete(pid);
      dog?.kill('SIGKILL');
      await within(exitedPromise, 2000);
    },
  };
}
