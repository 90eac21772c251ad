import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * A real terminal for end-to-end tests: a private tmux server (its own socket),
 * one window of a fixed size, send-keys to type and capture-pane to read.
 */
export class TmuxSession {
  readonly socket = `gcdiff-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  readonly target = 'main';

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {}

  private tmux(args: string[], input?: string): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  /** Starts `argv` in a new window; env is set through tmux, never through a shell string of ours. */
  start(argv: string[], env: Record<string, string | undefined> = {}, cwd = process.cwd()): void {
    const envArgs = Object.entries(env).flatMap(([k, v]) =>
      v === undefined ? [] : ['-e', `${k}=${v}`],
    );
    this.tmux([
      'new-session',
      '-d',
      '-s',
      this.target,
      '-x',
      String(this.columns),
      '-y',
      String(this.rows),
      '-c',
      cwd,
      ...envArgs,
      '--',
      ...argv,
    ]);
    // Keep the pane (and what it showed) after the program exits, so tests can read it.
    this.tmux(['set-option', '-t', this.target, 'remain-on-exit', 'on']);
  }

  /** The visible screen as text, one string per row. */
  capture(): string[] {
    return this.tmux(['capture-pane', '-p', '-t', this.target]).replace(/\n$/, '').split('\n');
  }

  screen(): string {
    return this.capture().join('\n');
  }

  /** Keys as tmux names them: 'q', 'Space', 'Left', 'C-c', 'Escape', 'Enter'. */
  sendKeys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.target, ...keys]);
  }

  /** A pane format variable, e.g. alternate_on, cursor_flag, pane_dead, pane_pid, pane_dead_status. */
  paneVar(name: string): string {
    return this.tmux(['display-message', '-p', '-t', this.target, `#{${name}}`]).trim();
  }

  resize(columns: number, rows: number): void {
    this.tmux(['resize-window', '-t', this.target, '-x', String(columns), '-y', String(rows)]);
  }

  /** Polls until `predicate(screen)` holds; throws with the last screen after `timeoutMs`. */
  async waitFor(
    predicate: (screen: string) => boolean,
    timeoutMs = 30_000,
    what = 'screen',
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; last screen:\n${last}`);
  }

  async waitForPane(name: string, value: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.paneVar(name) === value) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for #{${name}} = ${value}; it is ${this.paneVar(name)}`);
  }

  /** Any other tmux command against this private server, e.g. ['kill-pane', '-t', 'main']. */
  command(...args: string[]): string {
    return this.tmux(args);
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}
