import type { ChildExit } from '../io/child.js';
import { LiveRun } from '../io/live-run.js';
import { PprofLocator } from '../io/pprof-locator.js';
import { onTermination } from '../io/terminal.js';
import { printRunSummary, say, scriptedMarks } from './headless.js';
import type { RunOptions } from './run.js';

/**
 * `run` without a terminal (or with --report): streams the program's output
 * through, takes the scripted marks, writes the report, and prints the trace
 * summary at exit. Needs no TTY, so it runs in CI.
 */
export async function runHeadless(o: RunOptions): Promise<number> {
  const live = new LiveRun({
    argv: o.argv,
    env: o.env,
    session: o.session,
    precise: o.precise,
    heapdump: o.heapdump,
    inheritStdin: o.inheritStdin,
    cwd: o.cwd,
    onProgramOutput: (stream, text) =>
      (stream === 'stdout' ? process.stdout : process.stderr).write(text),
  });
  const locator = new PprofLocator(live.store, o.pprofUrl, () => live.now());
  const finish = async () => {
    locator.stop();
    await live.stop();
    printRunSummary(live);
  };
  const removeHandlers = onTermination(finish);
  try {
    try {
      await live.start();
    } catch (error) {
      await live.stop();
      throw error;
    }
    locator.locate(live.pid);
    const exited = new Promise<ChildExit>((resolve) => live.onChildExit(resolve));
    let code = 0;
    if (o.marks.length === 0) {
      const exit = await exited;
      if (exit.code !== 0) {
        say(
          `the program exited with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`,
        );
        code = 1;
      }
    } else {
      code = await scriptedMarks(
        { ...o, command: o.argv, upTimeoutMs: Math.max(120_000, o.timeoutMs) },
        live,
        locator,
        exited,
      );
    }
    await finish();
    return code;
  } finally {
    removeHandlers();
  }
}
