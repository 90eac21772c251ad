/**
 * `gcdiff replay <dir>` on a recorded session of 10⁶ cycles (bench/lib/synthetic-session.ts,
 * generated once into bench/out/): time from spawn to the first frame that shows the final
 * cycle count, observed from outside in tmux (200×50, capture-pane polled every 20 ms), and
 * peak RSS (VmHWM of the gcdiff process at that moment). Anchor, same run: a bare node process
 * that reads the same events.jsonl with readline and JSON.parse, spawn to exit, and its VmHWM.
 *
 * When the first frame takes longer than 5 s (or GCDIFF_BENCH_PROFILE=1), the bench also replays
 * once under `node --cpu-prof` and prints where the time goes (stderr).
 *
 * GCDIFF_BENCH_QUICK=1: 10⁵ cycles, one run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tmuxAvailable } from '../test/helpers/tmux.js';
import { formatSummary, summariseProfile } from './lib/cpu-profile.js';
import { builtCliPath, OUT_DIR, ROOT } from './lib/gcdiff.js';
import { statusBytes } from './lib/proc.js';
import { fmtMiB, fmtMs, median, note, QUICK, sleep } from './lib/stats.js';
import { ensureSyntheticSession } from './lib/synthetic-session.js';
import { startInTerminal } from './lib/terminal.js';
import type { BenchResult } from './result.js';

const CYCLES = QUICK ? 100_000 : 1_000_000;
const RUNS = QUICK ? 1 : 3;
const SLOW_MS = 5000;

/** The anchor: the least a replay must do, read every event line and parse it. */
const READ_SCRIPT = `
const { createReadStream, readFileSync } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  const lines = createInterface({ input: createReadStream(process.argv[1], { encoding: 'utf8' }), crlfDelay: Infinity });
  let events = 0;
  for await (const line of lines) { if (line) { JSON.parse(line); events++; } }
  const hwm = /^VmHWM:\\s+(\\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  process.stdout.write(JSON.stringify({ events, hwmBytes: hwm ? Number(hwm[1]) * 1024 : null }));
})();
`;

interface Replayed {
  firstFrameMs: number;
  hwmBytes: number;
}

async function replayInTerminal(
  dir: string,
  cycles: number,
  extraNodeArgs: string[] = [],
): Promise<Replayed> {
  const start = performance.now();
  const term = await startInTerminal(
    [process.execPath, ...extraNodeArgs, builtCliPath(), 'replay', dir],
    { cwd: ROOT },
  );
  try {
    const want = `${cycles} cycles`;
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (term.tmux.screen().includes(want)) break;
      await sleep(20);
    }
    const firstFrameMs = performance.now() - start;
    if (!term.tmux.screen().includes(want)) throw new Error(`replay never showed "${want}"`);
    const hwm = statusBytes(term.pid, 'VmHWM');
    if (hwm === null) throw new Error('gcdiff replay ended before its first frame was read');
    return { firstFrameMs, hwmBytes: hwm };
  } finally {
    await term.stop(30_000);
  }
}

function readAnchor(file: string): Promise<{ ms: number; events: number; hwmBytes: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['-e', READ_SCRIPT, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      out += t;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) return reject(new Error(`the readline anchor exited ${code}`));
      const r = JSON.parse(out) as { events: number; hwmBytes: number };
      resolve({ ms, ...r });
    });
  });
}

/** Replays once under --cpu-prof (in tmux, quit after the first frame) and prints the summary. */
async function whereTimeGoes(dir: string, cycles: number): Promise<string> {
  const profDir = mkdtempSync(path.join(tmpdir(), 'gcdiff-bench-prof-'));
  try {
    await replayInTerminal(dir, cycles, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) return 'no profile was written';
    const summary = summariseProfile(path.join(profDir, file), 20);
    const inclusive = (
      label: string,
      test: (f: { functionName: string; url: string }) => boolean,
    ) => `  ${label}: ${summary.inclusive(test).toFixed(0)} ms`;
    return [
      formatSummary(summary),
      'inclusive time:',
      inclusive('loadSession (read + parse + ingest)', (f) => f.functionName === 'loadSession'),
      inclusive('JSON.parse', (f) => f.functionName === 'parse' && f.url === ''),
      inclusive('TraceIngest.chunk', (f) => f.functionName === 'chunk' && f.url.includes('ingest')),
      inclusive('GctraceParser.push', (f) => f.functionName === 'push' && f.url.includes('parser')),
      inclusive('TimelineStore.addEvents', (f) => f.functionName === 'addEvents'),
      inclusive('readline', (f) => f.url.includes('readline')),
    ].join('\n');
  } finally {
    rmSync(profDir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<BenchResult[]> {
  if (!tmuxAvailable()) {
    note('tmux is missing: replay bench skipped');
    return [];
  }
  const dir = path.join(OUT_DIR, `session-${CYCLES}`);
  note(`session of ${CYCLES} cycles in ${path.relative(ROOT, dir)} ...`);
  const session = await ensureSyntheticSession(dir, { cycles: CYCLES });
  const events = path.join(dir, 'events.jsonl');
  const replays: Replayed[] = [];
  const anchors: { ms: number; hwmBytes: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const a = await readAnchor(events);
    if (a.events !== session.events)
      note(`anchor read ${a.events} events, expected ${session.events}`);
    anchors.push(a);
    const r = await replayInTerminal(dir, CYCLES);
    replays.push(r);
    note(
      `run ${i + 1}/${RUNS}: replay first frame ${fmtMs(r.firstFrameMs)} (VmHWM ${fmtMiB(r.hwmBytes)}); readline+JSON.parse ${fmtMs(a.ms)} (VmHWM ${fmtMiB(a.hwmBytes)})`,
    );
  }
  const firstFrame = median(replays.map((r) => r.firstFrameMs));
  const anchorMs = median(anchors.map((a) => a.ms));
  const hwm = Math.max(...replays.map((r) => r.hwmBytes));
  const anchorHwm = Math.max(...anchors.map((a) => a.hwmBytes));
  if (firstFrame > SLOW_MS || process.env.GCDIFF_BENCH_PROFILE === '1') {
    note(`first frame after ${fmtMs(firstFrame)}: where the time goes (node --cpu-prof):`);
    process.stderr.write(`${await whereTimeGoes(dir, CYCLES)}\n`);
  }
  const size = `${CYCLES} cycles, ${session.events} events, ${fmtMiB(session.bytes)}`;
  return [
    {
      name: `gcdiff replay: spawn → first frame with the final count (tmux 200x50), ${size}`,
      anchor: 'bare node: readline + JSON.parse of events.jsonl',
      value: fmtMs(firstFrame),
      anchorValue: fmtMs(anchorMs),
      ratio: firstFrame / anchorMs,
      ratioMeaning: 'time vs anchor, lower is better',
      target: `≤ ${fmtMs(SLOW_MS)} (else profiled)`,
      met: firstFrame <= SLOW_MS,
    },
    {
      name: `gcdiff replay: peak RSS (VmHWM at first frame), ${CYCLES} cycles`,
      anchor: 'bare node: readline + JSON.parse of events.jsonl',
      value: fmtMiB(hwm),
      anchorValue: fmtMiB(anchorHwm),
      ratio: hwm / anchorHwm,
      ratioMeaning: 'peak RSS vs anchor, lower is better',
      target: 'report',
      met: null,
    },
  ];
}
