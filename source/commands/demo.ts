import { spawnSync } from 'node:child_process';
import { UsageError } from '../core/errors.js';
import { findDemoDir, listDemos } from '../io/demo-dir.js';
import { originalEnv } from '../io/ink-env.js';
import type { CommandContext } from './context.js';
import type { RunOptions } from './run.js';

function goAvailable(): boolean {
  const probe = spawnSync('go', ['version'], { stdio: 'ignore' });
  return probe.status === 0;
}

/** `gcdiff demo [name]`: a bundled Go program in the dashboard, through `go run`. */
export async function run(ctx: CommandContext): Promise<number> {
  const demoDir = findDemoDir();
  if (!demoDir) throw new UsageError('the bundled demo/ folder is missing from this installation');
  const demos = listDemos(demoDir);
  const name = ctx.input[0] ?? 'waves';
  if (!demos.includes(name)) {
    throw new UsageError(`no demo named "${name}"; demos: ${demos.join(', ')}`);
  }
  if (!goAvailable()) {
    const { replayShipped } = await import('./replay.js');
    process.stderr.write(
      'gcdiff: go is not installed, so the demo replays a recorded session instead\n',
    );
    return replayShipped(demoDir, ctx);
  }
  const options: RunOptions = {
    argv: ['go', 'run', `./${name}`],
    env: originalEnv,
    session: ctx.flags.session,
    precise: ctx.flags.precise,
    inheritStdin: false,
    heapdump: ctx.flags.heapdump,
    pprofUrl: null,
    marks: [],
    timeoutMs: 15_000,
    report: null,
    failOnGrowth: null,
    ascii: ctx.flags.ascii,
    cwd: demoDir,
  };
  if (!(process.stdout.isTTY && process.stdin.isTTY)) {
    const { runHeadless } = await import('./run-headless.js');
    process.stderr.write('gcdiff: no terminal: running the demo headless; press Ctrl-C to stop\n');
    return runHeadless(options);
  }
  const { runDashboard } = await import('./run-dashboard.js');
  return runDashboard({ ...options, mode: 'run' });
}
