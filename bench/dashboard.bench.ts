/**
 * What the live dashboard costs, measured from outside on the real built CLI in a real
 * terminal (tmux, 200×50), each beside its anchor measured in the same run:
 *
 * 1. gcdiff's own CPU (utime+stime of the gcdiff node process, /proc/<pid>/stat) and RSS
 *    while demo/benchprogs/gcstorm does ~1000 GCs a second. Anchor: a bare node process
 *    that spawns the same program with gctrace on and drains its stderr pipe ("raw pipe
 *    drain"). Target: ≤ 10 % of one core.
 * 2. RSS over 10⁶ cycles fed through TraceIngest into a TimelineStore (a child node process,
 *    bench/lib/ingest-rss.ts): growth between 100k and 10⁶ cycles, and ingest throughput
 *    against a raw line split of the same chunks.
 * 3. Child slowdown: demo/benchprogs/spin's throughput under `gcdiff run` (headless, and the
 *    dashboard in tmux) against the same binary with GODEBUG=gctrace=1 and stderr to
 *    /dev/null, runs alternated, each compared with the anchor of its round. Twice: with the
 *    program on every core, and with one core left free. Target: ≤ 2 % slower.
 *
 * GCDIFF_BENCH_QUICK=1: shorter intervals, 10⁵ cycles, fewer runs. GCDIFF_BENCH_PROFILE=1: the
 * dashboard runs under node --cpu-prof and the bench prints where its time goes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { buildGoProgram } from '../test/helpers/go-build.js';
import { tmuxAvailable } from '../test/helpers/tmux.js';
import { formatSummary, summariseProfile } from './lib/cpu-profile.js';
import { builtCli, ROOT, tempDir } from './lib/gcdiff.js';
import type { IngestRssReport } from './lib/ingest-rss.js';
import { cpuMs, runToEnd, statusBytes } from './lib/proc.js';
import { fmtMiB, fmtPct, MiB, median, note, QUICK, sleep } from './lib/stats.js';
import { startInTerminal } from './lib/terminal.js';
import type { BenchResult } from './result.js';

const WARMUP_MS = QUICK ? 1500 : 3000;
const INTERVAL_MS = QUICK ? 4000 : 10_000;
const ROUNDS_CPU = QUICK ? 1 : 2;
const RSS_CYCLES = QUICK ? 100_000 : 1_000_000;
/** GCDIFF_BENCH_SPIN=<seconds>x<rounds> overrides the spin runs (e.g. 10x9). */
const SPIN_SPEC = /^(\d+(?:\.\d+)?)x(\d+)$/.exec(process.env.GCDIFF_BENCH_SPIN ?? '');
/**
 * 10 s runs: a 3 s run is mostly gcdiff's own start (module loading and V8 compiling its code
 * take 10-20 % of a core for the first seconds), which a program watched for minutes never sees.
 */
const SPIN_SECONDS = SPIN_SPEC ? Number(SPIN_SPEC[1]) : QUICK ? 2 : 10;
const SPIN_ROUNDS = SPIN_SPEC ? Number(SPIN_SPEC[2]) : QUICK ? 3 : 5;
/**
 * GCDIFF_BENCH_PARTS=cpu,long,ingest,spin runs only those parts (default: all): the dashboard's
 * CPU, its RSS over a long run, ingest RSS, child slowdown.
 */
const PARTS = new Set(
  (process.env.GCDIFF_BENCH_PARTS ?? 'cpu,long,ingest,spin').split(',').map((p) => p.trim()),
);
/** The long dashboard run: seconds, and the cycle count from which RSS growth is counted. */
const LONG_SECONDS = QUICK ? 40 : 360;
const LONG_FROM_CYCLES = QUICK ? 20_000 : 100_000;

/** The anchor: a bare node process that spawns argv with gctrace on and drains the pipes. */
const DRAIN_SCRIPT = `
const { spawn } = require('node:child_process');
const [exe, ...args] = process.argv.slice(1);
const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GODEBUG: 'gctrace=1' } });
let lines = 0;
child.stdout.on('data', () => {});
child.stderr.on('data', (b) => { for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++; });
setInterval(() => process.stdout.write(lines + '\\n'), 250);
process.on('SIGTERM', () => { child.kill('SIGKILL'); process.exit(0); });
child.on('exit', () => process.exit(0));
`;

interface CostSample {
  cpuShare: number;
  rssBytes: number;
  hwmBytes: number;
  gcPerSecond: number;
  /** CPU share of the terminal (the tmux server) over the same interval, when there is one. */
  terminalCpuShare: number | null;
}

/** CPU share of `pid` over the interval, and the GC rate seen through `cycles()`. */
async function measure(
  pid: number,
  cycles: () => number | null,
  terminalPid: number | null = null,
): Promise<CostSample> {
  await sleep(WARMUP_MS);
  const c0 = cycles();
  const terminalBefore = terminalPid === null ? null : cpuMs(terminalPid);
  const before = cpuMs(pid);
  const start = performance.now();
  await sleep(INTERVAL_MS);
  const after = cpuMs(pid);
  const terminalAfter = terminalPid === null ? null : cpuMs(terminalPid);
  const wall = performance.now() - start;
  const c1 = cycles();
  const rss = statusBytes(pid, 'VmRSS');
  const hwm = statusBytes(pid, 'VmHWM');
  if (before === null || after === null || rss === null || hwm === null) {
    throw new Error(`process ${pid} ended during the measurement`);
  }
  return {
    cpuShare: (after - before) / wall,
    rssBytes: rss,
    hwmBytes: hwm,
    gcPerSecond: c0 !== null && c1 !== null ? ((c1 - c0) * 1000) / wall : Number.NaN,
    terminalCpuShare:
      terminalBefore !== null && terminalAfter !== null
        ? (terminalAfter - terminalBefore) / wall
        : null,
  };
}

async function drainAnchor(gcstorm: string): Promise<CostSample> {
  const drain = spawn(process.execPath, ['-e', DRAIN_SCRIPT, gcstorm], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lines: number | null = null;
  let buffered = '';
  drain.stdout.setEncoding('utf8').on('data', (text: string) => {
    buffered += text;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    const last = parts[parts.length - 1];
    if (last) lines = Number(last);
  });
  try {
    if (drain.pid === undefined) throw new Error('could not start the drain process');
    return await measure(drain.pid, () => lines);
  } finally {
    drain.kill('SIGTERM');
    await new Promise((r) => drain.once('exit', r));
  }
}

const CYCLES_ON_SCREEN = /(\d+) cycles/;

async function dashboardCost(
  gcstorm: string,
  env: Record<string, string> = {},
): Promise<CostSample> {
  const session = tempDir('gcdiff-bench-session-');
  const profile = process.env.GCDIFF_BENCH_PROFILE === '1' ? tempDir('gcdiff-bench-prof-') : null;
  const [node, cli] = builtCli() as [string, string];
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile.dir}`] : [];
  const term = await startInTerminal(
    [node, ...nodeArgs, cli, 'run', '--session', session.dir, '--', gcstorm],
    { cwd: ROOT, env },
  );
  try {
    await term.tmux.waitFor((s) => CYCLES_ON_SCREEN.test(s), 30_000, 'the dashboard with cycles');
    const cycles = () => {
      const m = CYCLES_ON_SCREEN.exec(term.tmux.screen());
      return m?.[1] ? Number(m[1]) : null;
    };
    return await measure(term.pid, cycles, Number(term.tmux.paneVar('pid')));
  } finally {
    await term.stop(20_000);
    session.remove();
    if (profile) {
      const file = readdirSync(profile.dir).find((f) => f.endsWith('.cpuprofile'));
      note(
        `where gcdiff's time goes${env.NODE_ENV ? ` (NODE_ENV=${env.NODE_ENV})` : ''}, whole run:`,
      );
      process.stderr.write(
        `${file ? formatSummary(summariseProfile(path.join(profile.dir, file), 20)) : 'no profile was written'}\n`,
      );
      profile.remove();
    }
  }
}

interface RssSample {
  ms: number;
  cycles: number;
  rssBytes: number;
}

/** RSS of the real dashboard every 5 s while gcstorm runs as fast as it can. */
async function dashboardRssOverTime(gcstorm: string, seconds: number): Promise<RssSample[]> {
  const session = tempDir('gcdiff-bench-session-');
  const [node, cli] = builtCli() as [string, string];
  const term = await startInTerminal(
    [node, cli, 'run', '--session', session.dir, '--', gcstorm, '-rate', '4000'],
    { cwd: ROOT },
  );
  const samples: RssSample[] = [];
  try {
    await term.tmux.waitFor((s) => CYCLES_ON_SCREEN.test(s), 30_000, 'the dashboard with cycles');
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await sleep(5000);
      const m = CYCLES_ON_SCREEN.exec(term.tmux.screen());
      const rss = statusBytes(term.pid, 'VmRSS');
      if (rss === null) throw new Error('the dashboard ended during the long run');
      samples.push({
        ms: performance.now() - start,
        cycles: m?.[1] ? Number(m[1]) : 0,
        rssBytes: rss,
      });
    }
  } finally {
    await term.stop(20_000);
    session.remove();
  }
  return samples;
}

function ingestRss(cycles: number): Promise<IngestRssReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        path.join(ROOT, 'bench', 'lib', 'ingest-rss.ts'),
        String(cycles),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      out += t;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`ingest-rss exited ${code}`));
      else resolve(JSON.parse(out) as IngestRssReport);
    });
  });
}

type SpinMode = 'anchor' | 'headless' | 'dashboard';
const SPIN_LINE = /spin: iterations=(\d+) numgc=(\d+) seconds=([\d.]+)/;

interface SpinRun {
  perSecond: number;
  numgc: number;
}

function parseSpin(text: string, what: string): SpinRun {
  const m = SPIN_LINE.exec(text);
  if (!m) throw new Error(`no spin result from ${what}: ${text.slice(-500)}`);
  return { perSecond: Number(m[1]) / Number(m[3]), numgc: Number(m[2]) };
}

async function spinOnce(
  mode: SpinMode,
  spin: string,
  env: Record<string, string>,
): Promise<SpinRun> {
  const spinArgv = [spin, '-seconds', String(SPIN_SECONDS)];
  if (mode === 'anchor') {
    const out = await runToEnd(spinArgv, { ...process.env, ...env, GODEBUG: 'gctrace=1' }, true);
    return parseSpin(out, 'spin with gctrace to /dev/null');
  }
  const session = tempDir('gcdiff-bench-session-');
  try {
    const gcdiff = [...builtCli(), 'run', '--session', session.dir, '--', ...spinArgv];
    if (mode === 'headless') {
      return parseSpin(
        await runToEnd(gcdiff, { ...process.env, ...env }, false),
        'gcdiff run (headless)',
      );
    }
    const term = await startInTerminal(gcdiff, { cwd: ROOT, env });
    try {
      const log = path.join(session.dir, 'stdout.log');
      const deadline = Date.now() + SPIN_SECONDS * 1000 + 30_000;
      while (Date.now() < deadline) {
        if (existsSync(log) && SPIN_LINE.test(readFileSync(log, 'utf8'))) break;
        await sleep(50);
      }
      return parseSpin(existsSync(log) ? readFileSync(log, 'utf8') : '', 'gcdiff run (dashboard)');
    } finally {
      await term.stop();
    }
  } finally {
    session.remove();
  }
}

/** Child throughput under gcdiff against the bare program, runs alternated round by round. */
async function spinRows(
  spin: string,
  haveTmux: boolean,
  label: string,
  env: Record<string, string>,
): Promise<BenchResult[]> {
  const modes: SpinMode[] = haveTmux ? ['anchor', 'headless', 'dashboard'] : ['anchor', 'headless'];
  const runs = new Map<SpinMode, SpinRun[]>(modes.map((m) => [m, []]));
  for (let round = 0; round < SPIN_ROUNDS; round++) {
    for (const mode of modes) {
      const r = await spinOnce(mode, spin, env);
      runs.get(mode)?.push(r);
      note(
        `spin (${label}) ${mode} ${round + 1}/${SPIN_ROUNDS}: ${(r.perSecond / 1e6).toFixed(3)} M iterations/s, ${r.numgc} GCs`,
      );
    }
  }
  const anchors = runs.get('anchor') ?? [];
  const anchorRate = median(anchors.map((r) => r.perSecond));
  const anchorGcs = median(anchors.map((r) => r.numgc));
  const rows: BenchResult[] = [];
  for (const mode of modes) {
    if (mode === 'anchor') continue;
    const rate = median((runs.get(mode) ?? []).map((r) => r.perSecond));
    const gcs = median((runs.get(mode) ?? []).map((r) => r.numgc));
    // The machine's speed drifts over a bench (the anchor moved 2.02-2.23 M it/s in one run
    // here), so each run is compared with the anchor run of its own round, and the ratio is
    // the median of those; the medians of the rates are shown beside it.
    const paired = (runs.get(mode) ?? []).map(
      (r, i) => r.perSecond / (anchors[i]?.perSecond ?? Number.NaN),
    );
    const ratio = median(paired);
    rows.push({
      name: `child throughput under gcdiff run (${mode === 'headless' ? 'headless' : 'dashboard, tmux 200x50'}), ${label}, spin ${SPIN_SECONDS}s ×${SPIN_ROUNDS}, ${gcs} vs ${anchorGcs} GCs; ${((1 - ratio) * 100).toFixed(1)} % slower (per-round ratios ${paired.map((x) => x.toFixed(3)).join(' ')})`,
      anchor: 'same binary, gctrace=1, stderr to /dev/null',
      value: `${(rate / 1e6).toFixed(3)} M it/s`,
      anchorValue: `${(anchorRate / 1e6).toFixed(3)} M it/s`,
      ratio,
      ratioMeaning: 'throughput vs anchor (median of per-round ratios), higher is better',
      target: '≤ 2 % slower (≥ 0.98×)',
      met: ratio >= 0.98,
    });
  }
  return rows;
}

export default async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const [gcstormBuild, spinBuild] = await Promise.all([
    buildGoProgram('benchprogs/gcstorm'),
    buildGoProgram('benchprogs/spin'),
  ]);
  const haveTmux = tmuxAvailable();
  if (!haveTmux) note('tmux is missing: dashboard rows are skipped');

  // 1. Dashboard cost while ~1000 GC/s.
  if (haveTmux && PARTS.has('cpu')) {
    const dash: CostSample[] = [];
    const raw: CostSample[] = [];
    for (let round = 0; round < ROUNDS_CPU; round++) {
      note(`dashboard cost, round ${round + 1}/${ROUNDS_CPU}: raw pipe drain ...`);
      raw.push(await drainAnchor(gcstormBuild.binary));
      note(`dashboard cost, round ${round + 1}/${ROUNDS_CPU}: gcdiff run in tmux 200x50 ...`);
      dash.push(await dashboardCost(gcstormBuild.binary));
    }
    for (const [name, s] of [
      ['raw drain', raw],
      ['dashboard', dash],
    ] as const) {
      for (const x of s) {
        note(
          `  ${name}: cpu ${fmtPct(x.cpuShare)} of a core${x.terminalCpuShare === null ? '' : ` (tmux server ${fmtPct(x.terminalCpuShare)})`}, ${x.gcPerSecond.toFixed(0)} GC/s, RSS ${fmtMiB(x.rssBytes)}, HWM ${fmtMiB(x.hwmBytes)}`,
        );
      }
    }
    const dCpu = median(dash.map((x) => x.cpuShare));
    const rCpu = median(raw.map((x) => x.cpuShare));
    const dRate = median(dash.map((x) => x.gcPerSecond));
    const rRate = median(raw.map((x) => x.gcPerSecond));
    const dRss = Math.max(...dash.map((x) => x.rssBytes));
    const rRss = Math.max(...raw.map((x) => x.rssBytes));
    results.push({
      name: `dashboard CPU (gcdiff run, tmux 200x50, gcstorm at ${dRate.toFixed(0)} GC/s; drain saw ${rRate.toFixed(0)}; tmux server itself ${fmtPct(median(dash.map((x) => x.terminalCpuShare ?? Number.NaN)))})`,
      anchor: 'raw pipe drain (bare node)',
      value: `${fmtPct(dCpu)} of a core`,
      anchorValue: `${fmtPct(rCpu)} of a core`,
      ratio: dCpu / rCpu,
      ratioMeaning: 'CPU vs anchor, lower is better',
      target: '≤ 10 % of one core',
      met: dCpu <= 0.1,
    });
    results.push({
      name: `dashboard RSS while ~1000 GC/s (VmRSS after ${(WARMUP_MS + INTERVAL_MS) / 1000}s)`,
      anchor: 'raw pipe drain (bare node)',
      value: fmtMiB(dRss),
      anchorValue: fmtMiB(rRss),
      ratio: dRss / rRss,
      ratioMeaning: 'RSS vs anchor, lower is better',
      target: 'report',
      met: null,
    });
  }

  // 1b. The real dashboard's RSS over a long, fast run.
  if (haveTmux && PARTS.has('long')) {
    note(`dashboard RSS over ${LONG_SECONDS} s of gcstorm -rate 4000 in tmux 200x50 ...`);
    const long = await dashboardRssOverTime(gcstormBuild.binary, LONG_SECONDS);
    for (const s of long) {
      note(`  ${(s.ms / 1000).toFixed(0)} s: ${s.cycles} cycles, RSS ${fmtMiB(s.rssBytes)}`);
    }
    const firstFull = long.find((s) => s.cycles >= LONG_FROM_CYCLES) ?? long[0];
    const last = long[long.length - 1];
    if (firstFull && last && last !== firstFull) {
      const growth = last.rssBytes - firstFull.rssBytes;
      results.push({
        name: `dashboard RSS growth over a long run (tmux 200x50, gcstorm ${((last.cycles - firstFull.cycles) / ((last.ms - firstFull.ms) / 1000)).toFixed(0)} GC/s): ${firstFull.cycles} → ${last.cycles} cycles`,
        anchor: `dashboard RSS at ${firstFull.cycles} cycles`,
        value: `${growth >= 0 ? '+' : ''}${fmtMiB(growth)} (${fmtMiB(last.rssBytes)})`,
        anchorValue: fmtMiB(firstFull.rssBytes),
        ratio: last.rssBytes / firstFull.rssBytes,
        ratioMeaning: 'RSS at end vs at start of the window, 1 = flat',
        target: 'bounded (≤ 16 MiB growth)',
        met: growth <= 16 * MiB,
      });
    }
  }

  // 2. RSS bounded over 10⁶ cycles, and ingest throughput.
  if (PARTS.has('ingest')) {
    note(`ingest of ${RSS_CYCLES} cycles in a child process ...`);
    const rss = await ingestRss(RSS_CYCLES);
    for (const s of rss.samples) {
      note(
        `  ${s.cycles} cycles: RSS ${fmtMiB(s.rssBytes)}, heap used ${fmtMiB(s.heapUsedBytes)}, heap total ${fmtMiB(s.heapTotalBytes)}, external ${fmtMiB(s.externalBytes)}`,
      );
    }
    const at100k = rss.samples.find((s) => s.cycles >= 100_000);
    const atEnd = rss.samples[rss.samples.length - 1];
    if (at100k && atEnd && atEnd !== at100k) {
      const growth = atEnd.rssBytes - at100k.rssBytes;
      const heapGrowth = atEnd.heapUsedBytes - at100k.heapUsedBytes;
      results.push({
        name: `RSS growth ${at100k.cycles} → ${atEnd.cycles} cycles (ring full at 100k; heap used ${heapGrowth >= 0 ? '+' : ''}${fmtMiB(heapGrowth)}, RSS at end ${fmtMiB(atEnd.rssBytes)})`,
        anchor: 'RSS at 100k cycles',
        value: `${growth >= 0 ? '+' : ''}${fmtMiB(growth)}`,
        anchorValue: fmtMiB(at100k.rssBytes),
        ratio: atEnd.rssBytes / at100k.rssBytes,
        ratioMeaning: 'RSS at end vs at 100k, 1 = flat',
        target: 'flat within a few MB (≤ 16 MiB)',
        met: growth <= 16 * MiB,
      });
    }
    const ingestRate = rss.total / (rss.ingestMs / 1000);
    const splitRate = rss.splitLines / (rss.splitMs / 1000);
    results.push({
      name: `ingest throughput, ${rss.total} rendered cycles → TraceIngest → TimelineStore`,
      anchor: 'raw line split of the same chunks',
      value: `${(ingestRate / 1e3).toFixed(0)}k lines/s (${(rss.bytes / MiB / (rss.ingestMs / 1000)).toFixed(0)} MiB/s)`,
      anchorValue: `${(splitRate / 1e3).toFixed(0)}k lines/s`,
      ratio: ingestRate / splitRate,
      ratioMeaning: 'throughput vs anchor, higher is better',
      target: '≥ 1000 GC/s with room (report)',
      met: null,
    });
  }

  // 3. Child slowdown, runs alternated.
  if (PARTS.has('spin')) {
    // Two machines in one: the program takes every core whenever it collects (GOMAXPROCS =
    // cores: its idle-time mark workers fill any idle core then; the machine is ~30 % idle on
    // average, between collections), so gcdiff's CPU delays its collections; and the program
    // leaves one core free (GOMAXPROCS = cores - 1).
    const cores = availableParallelism();
    // GCDIFF_BENCH_SPIN_CORES=all or =free runs only that variant.
    const only = process.env.GCDIFF_BENCH_SPIN_CORES;
    const variants: { label: string; env: Record<string, string> }[] = [];
    if (only !== 'free') variants.push({ label: `program on all ${cores} cores`, env: {} });
    if (cores >= 2 && only !== 'all') {
      variants.push({
        label: `program on ${cores - 1} of ${cores} cores (GOMAXPROCS=${cores - 1})`,
        env: { GOMAXPROCS: String(cores - 1) },
      });
    }
    for (const variant of variants) {
      results.push(...(await spinRows(spinBuild.binary, haveTmux, variant.label, variant.env)));
    }
  }
  await Promise.all([gcstormBuild.cleanup(), spinBuild.cleanup()]);
  return results;
}
