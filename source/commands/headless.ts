import { formatTraceSummary } from '../core/format/trace-summary.js';
import type { Mark } from '../core/timeline/store.js';
import { summarize } from '../core/timeline/summary.js';
import { captureMark } from '../io/capture.js';
import type { ObservedProgram } from '../io/observed.js';
import { fetchProfile } from '../io/pprof-client.js';
import type { PprofLocator } from '../io/pprof-locator.js';
import { writeRunReport } from '../io/run-report.js';
import { within } from '../io/within.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export const say = (text: string) => process.stderr.write(`gcdiff: ${text}\n`);

export interface ScriptOptions {
  command: readonly string[];
  /** How long to wait for the pprof endpoint to answer before giving up (exit 1). */
  upTimeoutMs: number;
  /** The URL given with --pprof, for a diagnostic request when it never answers. */
  pprofUrl: string | null;
  marks: readonly number[];
  timeoutMs: number;
  heapdump: boolean;
  report: string | null;
  failOnGrowth: number | null;
}

/** The trace summary and the session path, printed on stderr when a headless run ends. */
export function printRunSummary(program: ObservedProgram): void {
  const store = program.store;
  const cycles = store.cycles.range(store.cycles.first, store.cycles.total);
  process.stderr.write(
    `\n${formatTraceSummary({
      summary: summarize(cycles),
      gaps: store.getGaps(),
      lastCumulativePercent: cycles[cycles.length - 1]?.cpuPercent ?? null,
    })}`,
  );
  say(`session: ${program.session.dir}`);
}

/**
 * Takes the marks at their times after the program is up, then writes the report.
 * Returns the exit code: 1 when a capture failed or the growth limit was exceeded.
 */
export async function scriptedMarks(
  o: ScriptOptions,
  program: ObservedProgram,
  locator: PprofLocator,
  gone: Promise<unknown>,
): Promise<number> {
  const store = program.store;
  let isGone = false;
  void gone.then(() => {
    isGone = true;
  });
  const first =
    (await within(
      Promise.race([locator.ready().then(() => 'up' as const), gone.then(() => 'gone' as const)]),
      o.upTimeoutMs,
    )) ?? 'timeout';
  if (first === 'gone') {
    say('the program exited before its pprof endpoint answered; no marks taken');
    return 1;
  }
  if (first === 'timeout') {
    locator.stop();
    const seconds = Math.round(o.upTimeoutMs / 1000);
    if (o.pprofUrl === null) {
      say(
        `no pprof endpoint found on the program's loopback sockets within ${seconds}s; no marks taken (serve net/http/pprof, or pass --pprof)`,
      );
    } else {
      // One real request says why better than "did not answer".
      const why = await fetchProfile(o.pprofUrl, 'heap', { timeoutMs: o.timeoutMs }).then(
        () => 'it answers now, too late',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      say(`the pprof endpoint did not answer within ${seconds}s; no marks taken: ${why}`);
    }
    return 1;
  }
  const upMs = store.getChild().upMs ?? program.now();
  const taken: Mark[] = [];
  let failed = false;
  for (const at of o.marks) {
    await Promise.race([sleep(upMs + at - program.now()), gone]);
    const mark = store.addMark(program.now(), (program.now() - upMs) / 1000);
    let done: Mark;
    if (isGone) {
      const error = 'the program had exited';
      store.updateMark(mark.id, { status: 'error', error });
      done = { ...mark, status: 'error', error };
    } else {
      done = await captureMark(mark, locator.current, store, program.session, {
        timeoutMs: o.timeoutMs,
        heapdump: o.heapdump,
      });
    }
    program.recordMark(done);
    taken.push(done);
    const when = `at ${(at / 1000).toFixed(1)}s`;
    if (done.status === 'error') {
      failed = true;
      say(`mark ${done.label}-${done.id} ${when} failed: ${done.error}`);
    } else {
      say(`mark ${done.label}-${done.id} ${when} (gc ${done.gc ?? '-'}) saved`);
    }
  }
  let code = failed ? 1 : 0;
  if (o.report !== null) {
    const outcome = await writeRunReport({
      file: o.report,
      command: o.command,
      marks: taken,
      store,
      session: program.session,
      failOnGrowth: o.failOnGrowth,
      heapdump: o.heapdump,
    });
    say(`report written to ${o.report}`);
    for (const line of outcome.messages) say(line);
    if (outcome.failed) code = 1;
  }
  return code;
}
