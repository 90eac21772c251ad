/**
 * Drives the real gcdiff dashboard in a private tmux server for end-to-end tests:
 * start it around a program, find gcdiff's and the child's pids, wait for its exit,
 * read and validate the session directory, and clean up everything it started.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gcdiffArgv } from './cli.js';
import type { HolderSpec, HolderState } from './pane-holder.js';
import { groupMembers, listProcesses } from './processes.js';
import { TmuxSession } from './tmux.js';

const HOLDER = fileURLToPath(new URL('./pane-holder.ts', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DashboardOptions {
  columns: number;
  rows: number;
  /** The program gcdiff wraps: `gcdiff run --session <dir> -- ...childArgv`. */
  childArgv: string[];
  /** Environment for gcdiff on top of the test's; null removes a variable (e.g. CI). */
  env?: Record<string, string | null>;
  /**
   * true (default): gcdiff runs under pane-holder, which keeps the pane alive after gcdiff
   * exits so the terminal state it left can be read. false: gcdiff is the pane's own
   * process (`pane_pid`), as when a user starts it from a shell with exec.
   */
  hold?: boolean;
  /** Under the holder: the holder outlives a closed pane to record gcdiff's exit. */
  holderIgnoresHangup?: boolean;
}

export interface SessionFiles {
  meta: Record<string, unknown>;
  cycles: Record<string, unknown>[];
  events: Record<string, unknown>[];
}

/**
 * Reads a session directory and checks it: meta.json parses, and every line of
 * cycles.jsonl and events.jsonl parses. Throws naming the file and line otherwise.
 * `allowTornTail` accepts one unterminated last line (a process killed mid-write).
 */
export function readSession(dir: string, options: { allowTornTail?: boolean } = {}): SessionFiles {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const lines = (name: string): Record<string, unknown>[] => {
    const text = readFileSync(path.join(dir, name), 'utf8');
    if (text === '') return [];
    const parts = text.split('\n');
    const tail = parts.pop();
    if (tail !== '' && !options.allowTornTail) {
      throw new Error(`${name}: the last line has no newline: ${JSON.stringify(tail)}`);
    }
    return parts.map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${name}:${i + 1} is not JSON: ${JSON.stringify(line.slice(0, 200))}`);
      }
    });
  };
  return { meta, cycles: lines('cycles.jsonl'), events: lines('events.jsonl') };
}

/** The live members of the process group `pgid` (the child leads its own group). */
export function childGroupLeft(pgid: number): string[] {
  return groupMembers(pgid).map((p) => `${p.pid} ${p.cmdline}`);
}

/**
 * Live processes whose environment holds `KEY=value`: everything a run started (gcdiff,
 * its watchdog, the child and anything the child started), whatever group or session
 * it moved to.
 */
export function processesWithEnv(key: string, value: string): string[] {
  const needle = `${key}=${value}`;
  return listProcesses()
    .filter((p) => {
      if (p.state === 'Z' || p.pid === process.pid) return false;
      try {
        return readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0').includes(needle);
      } catch {
        return false;
      }
    })
    .map((p) => `${p.pid} ${p.cmdline}`);
}

/** Live processes running `binary` (argv[0]), whatever their group: e.g. an orphan. */
export function processesRunning(binary: string): string[] {
  return listProcesses()
    .filter((p) => p.state !== 'Z' && p.cmdline.split(' ')[0] === binary)
    .map((p) => `${p.pid} ${p.cmdline}`);
}

export async function waitFor<T>(
  probe: () => T | null | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * The number of cycles the dashboard shows: `gc 40` in the header, or `40 cycles` on the
 * second line (the header leaves the gc count out when a long command fills it).
 */
export function headerGcCount(screen: string): number | null {
  const [header = '', second = ''] = screen.split('\n');
  const match = /\bgc (\d+)\b/.exec(header) ?? /\b(\d+) cycles\b/.exec(second);
  return match ? Number(match[1]) : null;
}

/** True while `pid` runs; a zombie (exited, not yet reaped by its new parent) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export class DashboardRun {
  readonly tmux: TmuxSession;
  readonly dir: string;
  readonly session: string;
  private readonly stateFile: string;
  private knownChildPid: number | null = null;
  private knownGcdiffPid: number | null = null;
  /** GCDIFF_E2E_RUN=<marker> is in the environment of gcdiff and everything it starts. */
  readonly marker = `${process.pid}-${randomBytes(6).toString('hex')}`;

  constructor(readonly options: DashboardOptions) {
    this.tmux = new TmuxSession(options.columns, options.rows);
    this.dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-e2e-'));
    this.session = path.join(this.dir, 'session');
    this.stateFile = path.join(this.dir, 'holder-state.json');
  }

  /** Starts gcdiff in the pane; resolves once it has started its child. */
  async start(): Promise<void> {
    const gcdiff = [
      ...gcdiffArgv(),
      'run',
      '--session',
      this.session,
      '--',
      ...this.options.childArgv,
    ];
    const env = { ...this.options.env, GCDIFF_E2E_RUN: this.marker };
    if (this.options.hold ?? true) {
      const spec: HolderSpec = {
        argv: gcdiff,
        env,
        stateFile: this.stateFile,
        ignoreHangup: this.options.holderIgnoresHangup ?? false,
      };
      const specFile = path.join(this.dir, 'holder-spec.json');
      writeFileSync(specFile, JSON.stringify(spec));
      this.tmux.start([process.execPath, '--import', import.meta.resolve('tsx'), HOLDER, specFile]);
    } else {
      const unset = Object.entries(env).flatMap(([k, v]) => (v === null ? ['-u', k] : []));
      const set = Object.fromEntries(
        Object.entries(env).flatMap(([k, v]) => (v === null ? [] : [[k, v]])),
      ) as Record<string, string>;
      // `env -u` execs gcdiff in place, so the pane's pid stays gcdiff's.
      this.tmux.start(unset.length > 0 ? ['env', ...unset, ...gcdiff] : gcdiff, set);
    }
    await this.childPid(30_000);
  }

  /** gcdiff's own pid. */
  async gcdiffPid(timeoutMs = 15_000): Promise<number> {
    if (this.knownGcdiffPid !== null) return this.knownGcdiffPid;
    const pid = await waitFor(
      () => {
        if (this.options.hold ?? true) return this.holderState()?.pid ?? null;
        const pane = Number(this.tmux.paneVar('pane_pid'));
        return pane > 0 ? pane : null;
      },
      timeoutMs,
      'the pid of gcdiff',
    );
    this.knownGcdiffPid = pid;
    return pid;
  }

  /** The child's pid (and process group), from the session's meta.json. */
  async childPid(timeoutMs = 15_000): Promise<number> {
    if (this.knownChildPid !== null) return this.knownChildPid;
    const pid = await waitFor(
      () => {
        try {
          const meta = JSON.parse(readFileSync(path.join(this.session, 'meta.json'), 'utf8'));
          return typeof meta.pid === 'number' ? (meta.pid as number) : null;
        } catch {
          return null;
        }
      },
      timeoutMs,
      `the child's pid in ${this.session}/meta.json; screen:\n${this.safeScreen()}`,
    );
    this.knownChildPid = pid;
    return pid;
  }

  /** Processes this run started that are still alive (gcdiff, watchdog, child, ...). */
  leftovers(): string[] {
    return processesWithEnv('GCDIFF_E2E_RUN', this.marker);
  }

  holderState(): HolderState | null {
    try {
      return JSON.parse(readFileSync(this.stateFile, 'utf8')) as HolderState;
    } catch {
      return null;
    }
  }

  /** Waits until gcdiff has exited; under the holder, returns its exit code and signal. */
  async waitForGcdiffExit(timeoutMs = 20_000): Promise<HolderState> {
    if (this.options.hold ?? true) {
      return waitFor(
        () => {
          const state = this.holderState();
          return state && 'code' in state ? state : null;
        },
        timeoutMs,
        `gcdiff to exit; screen:\n${this.safeScreen()}`,
      );
    }
    const pid = await this.gcdiffPid();
    await waitFor(() => (isAlive(pid) ? null : true), timeoutMs, 'gcdiff to exit');
    return { pid };
  }

  safeScreen(): string {
    try {
      return this.tmux.screen();
    } catch (error) {
      return `(no screen: ${error instanceof Error ? error.message.split('\n')[0] : error})`;
    }
  }

  /** Everything this run started goes: the tmux server, gcdiff, the child's group, the files. */
  cleanup(): void {
    this.tmux.kill();
    for (const pid of [this.knownGcdiffPid, this.holderState()?.pid]) {
      if (pid && pid > 0 && isAlive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
    }
    if (this.knownChildPid !== null) {
      try {
        process.kill(-this.knownChildPid, 'SIGKILL');
      } catch {}
    }
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
  }
}
