import { LiveRun } from '../io/live-run.js';
import { PprofLocator } from '../io/pprof-locator.js';
import { hostDashboard } from './dashboard-host.js';
import type { RunOptions } from './run.js';

/** `run` on a terminal: the child under the full-screen dashboard. */
export async function runDashboard(o: RunOptions & { mode: 'run' }): Promise<number> {
  const live = new LiveRun({
    argv: o.argv,
    env: o.env,
    session: o.session,
    precise: o.precise,
    heapdump: o.heapdump,
    inheritStdin: o.inheritStdin,
    cwd: o.cwd,
  });
  const locator = new PprofLocator(live.store, o.pprofUrl, () => live.now());
  return hostDashboard({
    program: live,
    locator,
    mode: 'run',
    ascii: o.ascii,
    heapdump: o.heapdump,
    timeoutMs: o.timeoutMs,
    keysFromTty: false,
    start: async () => {
      await live.start();
      locator.locate(live.pid);
    },
    restart: async () => {
      await live.restart();
      locator.locate(live.pid);
    },
  });
}
