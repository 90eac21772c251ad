import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const SOURCE = fileURLToPath(new URL('../../cli.tsx', import.meta.url));

/** argv that runs gcdiff: the built CLI when present (npm test builds first), else the sources via tsx. */
export function gcdiffArgv(): string[] {
  if (existsSync(BUILT)) return [process.execPath, BUILT];
  return [process.execPath, '--import', import.meta.resolve('tsx'), SOURCE];
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs gcdiff to completion with no TTY (like CI), optionally feeding stdin. */
export function runCli(
  args: string[],
  options: {
    input?: string;
    env?: Record<string, string | undefined>;
    cwd?: string;
    timeoutMs?: number;
  } = {},
): Promise<CliResult> {
  const [exe, ...pre] = gcdiffArgv();
  return new Promise((resolve, reject) => {
    const child = spawn(exe as string, [...pre, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gcdiff ${args.join(' ')} timed out; stderr so far:\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
