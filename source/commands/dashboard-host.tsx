import { openSync } from 'node:fs';
import tty from 'node:tty';
import { wantsAscii, wantsColor } from '../core/command/terminal-caps.js';
import { UsageError } from '../core/errors.js';
import { sessionBinary } from '../io/binary-copy.js';
import { ProfileDiffSource } from '../io/diff-source.js';
import { HeapGraphSource } from '../io/graph-source.js';
import { originalEnv } from '../io/ink-env.js';
import { MarkTaker } from '../io/mark-taker.js';
import type { ObservedProgram } from '../io/observed.js';
import type { PprofLocator } from '../io/pprof-locator.js';
import { enterFullScreen, leaveFullScreen, onTermination } from '../io/terminal.js';

export interface HostOptions {
  program: ObservedProgram;
  locator: PprofLocator | null;
  mode: 'run' | 'attach' | 'replay';
  ascii: boolean;
  heapdump: boolean;
  timeoutMs: number;
  /** Read keys from /dev/tty (standard input carries the trace). */
  keysFromTty: boolean;
  /** `r`; null where there is nothing to restart. */
  restart: (() => Promise<void>) | null;
  /**
   * Starts the program once the first frame is drawn, so that gcdiff's own start-up
   * (React, Yoga, the first layout) is over before the program runs beside it. A failure
   * (command not found) closes the screen and is thrown to the caller.
   */
  start?: () => Promise<void>;
}

function keyboard(fromTty: boolean): NodeJS.ReadStream {
  if (!fromTty) return process.stdin;
  try {
    return new tty.ReadStream(openSync('/dev/tty', 'r'));
  } catch {
    throw new UsageError(
      'keys are read from the controlling terminal, but there is none (/dev/tty)',
    );
  }
}

/** Shows the dashboard full screen until the user quits; the terminal is restored on every path. */
export async function hostDashboard(o: HostOptions): Promise<number> {
  const stdin = keyboard(o.keysFromTty);
  const store = o.program.store;
  const marks = o.locator
    ? new MarkTaker(o.program, o.locator, { timeoutMs: o.timeoutMs, heapdump: o.heapdump })
    : null;
  const [{ render }, { Dashboard }] = await Promise.all([
    import('ink'),
    import('../ui/dashboard.js'),
  ]);

  let quit: () => void = () => {};
  const quitting = new Promise<void>((resolve) => {
    quit = resolve;
  });
  let restarting = false;
  const graphs = new HeapGraphSource(store, () => sessionBinary(o.program.session.dir));
  const actions = {
    // Run/attach: a live capture. A replay pairs recorded marks inside the dashboard
    // (the cursor's cycle picks one) and never calls this.
    mark: (_cycleSeq?: number | null) => {
      if (!marks) {
        store.setStatus({
          kind: 'error',
          text: 'marks need a pprof endpoint; a replay can only pair recorded marks',
        });
        return;
      }
      marks.take();
    },
    restart: () => {
      if (!o.restart) {
        store.setStatus({
          kind: 'error',
          text: 'nothing to restart: gcdiff did not start this program',
        });
        return;
      }
      if (restarting) return;
      restarting = true;
      store.setStatus({ kind: 'busy', text: 'restarting the program…' });
      o.restart()
        .then(() =>
          store.setStatus({ kind: 'info', text: 'restarted: a new process epoch begins' }),
        )
        .catch((error: unknown) =>
          store.setStatus({
            kind: 'error',
            text: `restart failed: ${error instanceof Error ? error.message : error}`,
          }),
        )
        .finally(() => {
          restarting = false;
        });
    },
    quit: () => quit(),
  };

  let instance: { unmount(): void; waitUntilExit(): Promise<unknown> } | null = null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    if (instance) {
      instance.unmount();
      await instance.waitUntilExit().catch(() => {});
      await new Promise((resolve) => setImmediate(resolve));
    }
    leaveFullScreen();
    graphs.dispose();
    o.locator?.stop();
    await o.program.stop();
  };
  // A replay writes nothing: it only reads the session it shows.
  const saved = () => {
    if (o.mode !== 'replay')
      process.stderr.write(`gcdiff: session saved in ${o.program.session.dir}\n`);
  };
  const removeHandlers = onTermination(async () => {
    await cleanup();
    saved();
  });
  try {
    enterFullScreen();
    const env: { gogc?: string; gomemlimit?: string } = {};
    if (originalEnv.GOGC) env.gogc = originalEnv.GOGC;
    if (originalEnv.GOMEMLIMIT) env.gomemlimit = originalEnv.GOMEMLIMIT;
    instance = render(
      <Dashboard
        store={store}
        actions={actions}
        ascii={wantsAscii(o.ascii, originalEnv)}
        color={wantsColor(originalEnv)}
        mode={o.mode}
        sessionDir={o.program.session.dir}
        env={env}
        diffs={new ProfileDiffSource(store)}
        graphs={graphs}
        sessionClock={() => o.program.now()}
      />,
      { stdin, exitOnCtrlC: false, patchConsole: true, maxFps: 15 },
    );
    if (o.start) {
      await new Promise((resolve) => setImmediate(resolve));
      await o.start();
    }
    await quitting;
    await cleanup();
    saved();
    return 0;
  } finally {
    await cleanup();
    removeHandlers();
    if (stdin !== process.stdin) stdin.destroy();
  }
}
