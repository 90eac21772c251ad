/**
 * Starts a built demo program in its own process group for an I/O test, drains its pipes,
 * and always ends it (SIGKILL to the group) through the test's `after` hook.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { TestContext } from 'node:test';

export interface DemoProcess {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (rejects if the program exits). */
  waitForLine(pattern: RegExp): Promise<RegExpExecArray>;
}

export function startProcess(
  t: TestContext,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): DemoProcess {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
  });
  return {
    child,
    pid,
    stdout: () => out,
    stderr: () => err,
    waitForLine(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            child.stdout?.off('data', check);
            child.off('exit', onExit);
            resolve(match);
          }
        };
        const onExit = (code: number | null) =>
          reject(
            new Error(`${command} exited (${code}) before printing ${pattern}: ${err.trim()}`),
          );
        child.stdout?.on('data', check);
        child.once('exit', onExit);
        check();
      });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
