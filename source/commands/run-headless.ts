import { formatTraceSummary } from '../core/format/trace-summary.js';
import type { Mark } from '../core/timeline/store.js';
import { summarize } from '../core/timeline/summary.js';
import { captureMark } from '../io/capture.js';
import type { ChildExit } from '../io/child.js';
import { LiveRun } from '../io/live-run.js';
import { PprofLocator } from '../io/pprof-locator.js';
import { writeRunReport } from '../io/run-report.js';
import { onTermination } from '../io/terminal.js';
import type { RunOptions } from './run.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

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
    inheritStdin: o.inheritStdin,
    cwd: o.cwd,
    onProgramOutput: (stream, text) =>
      (stream === 'stdout' ? process.stdout : process.stderr).write(text),
  });
  const store = live.store;
  const locator = new PprofLocator(store, o.pprofUrl, () => live.now());
  const say = (text: string) => process.stderr.write(`gcdiff: ${text}\n`);
  const finish = async () => {
    locator.stop();
    await live.stop();
    const cycles = store.cycles.range(store.cycles.first, store.cycles.total);
    const summary = summarize(cycles);
    process.stderr.write(
      `\n${formatTraceSummary({
        summary,
        gaps: store.getGaps(),
        lastCumulativePercent: cycles[cycles.length - 1]?.cpuPercent ?? null,
      })}`,
    );
    say(`session saved in ${live.session.dir}`);
  };
  const removeHandlers = onTermination(finish);
  try {
    await live.start();
    locator.locate(live.pid);
    const exited = new Promise<ChildExit>((resolve) => live.onChildExit(resolve));
    let code = 0;
    if (o.marks.length === 0) {
      const exit = await exited;
      if (exit.code !== 0) {
        say(`program exited with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`);
        code = 1;
      }
    } else {
      code = await scriptedMarks(o, live, locator, exited, say);
    }
    await finish();
    return code;
  } finally {
    removeHandlers();
  }
}

async function scriptedMarks(
  o: RunOptions,
  live: LiveRun,
  locator: PprofLocator,
  exited: Promise<ChildExit>,
  say: (text: string) => void,
): Promise<number> {
  const store = live.store;
  let childGone = false;
  void exited.then(() => {
    childGone = true;
  });
  const first = await Promise.race([
    locator.ready().then(() => 'up' as const),
    exited.then(() => 'exited' as const),
  ]);
  if (first === 'exited') {
    say('the program exited before its pprof endpoint answered; no marks taken');
    return 1;
  }
  const upMs = store.getChild().upMs ?? live.now();
  const taken: Mark[] = [];
  let failed = false;
  for (const at of o.marks) {
    await Promise.race([sleep(upMs + at - live.now()), exited]);
    const mark = store.addMark(live.now(), (live.now() - upMs) / 1000);
    if (childGone) {
      store.updateMark(mark.id, { status: 'error', error: 'the program had exited' });
      const failedMark = { ...mark, status: 'error' as const, error: 'the program had exited' };
      live.recordMark(failedMark);
      taken.push(failedMark);
      failed = true;
      say(`mark ${mark.label}-${mark.id} at ${(at / 1000).toFixed(1)}s: the program had exited`);
      continue;
    }
    const done = await captureMark(mark, locator.current, store, live.session, {
      timeoutMs: o.timeoutMs,
      heapdump: o.heapdump,
    });
    live.recordMark(done);
    taken.push(done);
    if (done.status === 'error') {
      failed = true;
      say(`mark ${done.label}-${done.id} at ${(at / 1000).toFixed(1)}s failed: ${done.error}`);
    } else {
      say(
        `mark ${done.label}-${done.id} at ${(at / 1000).toFixed(1)}s (gc ${done.gc ?? '-'}) saved`,
      );
    }
  }
  let code = failed ? 1 : 0;
  if (o.report !== null) {
    const outcome = await writeRunReport({
      file: o.report,
      command: o.argv,
      marks: taken,
      store,
      session: live.session,
      failOnGrowth: o.failOnGrowth,
    });
    say(`report written to ${o.report}`);
    for (const line of outcome.messages) say(line);
    if (outcome.failed) code = 1;
  }
  return code;
}
