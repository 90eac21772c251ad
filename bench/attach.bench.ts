/**
 * Attach latency: from a gctrace line written into a pipe until the cycle is in the store.
 *
 * In-process (the row that counts): the real AttachedRun pipeline (readPipe → session files →
 * TraceIngest → TimelineStore) reading the stdout of a `cat` child, so the line crosses two
 * real OS pipes; one line at a time, the time until `store.cycles.total` grows, polled with
 * setImmediate. Anchor, interleaved line by line: a second `cat` read with a bare 'data'
 * listener. p50 and p99 over ≥ 1000 lines.
 *
 * End to end (reported, no target): the built CLI, `gcdiff attach --pprof <demo steady> --trace -`
 * in tmux (200×50), its stdin fed from a loopback socket by a small relay process; the time
 * from writing a line until the header shows its `gc N` (capture-pane polled; the dashboard
 * draws on a 100 ms tick).
 *
 * GCDIFF_BENCH_QUICK=1: 1000 lines in-process, 15 end to end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { AttachedRun } from '../source/io/attached-run.js';
import { buildGoProgram } from '../test/helpers/go-build.js';
import { tmuxAvailable } from '../test/helpers/tmux.js';
import { builtCli, ROOT, tempDir } from './lib/gcdiff.js';
import { fmtMs, note, percentile, QUICK, sleep } from './lib/stats.js';
import { startInTerminal } from './lib/terminal.js';
import { traceChunks } from './lib/trace-lines.js';
import type { BenchResult } from './result.js';

const LINES = QUICK ? 1000 : 2000;
const E2E_LINES = QUICK ? 15 : 40;

const immediate = () => new Promise<void>((r) => setImmediate(r));

function startCat(): ChildProcess & {
  stdin: NodeJS.WritableStream;
  stdout: NodeJS.ReadableStream;
} {
  const cat = spawn('cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
  if (!cat.stdin || !cat.stdout) throw new Error('cat has no pipes');
  return cat as ChildProcess & { stdin: NodeJS.WritableStream; stdout: NodeJS.ReadableStream };
}

async function stopCat(cat: ChildProcess): Promise<void> {
  cat.stdin?.end();
  if (cat.exitCode === null && cat.signalCode === null) {
    const exited = once(cat, 'exit');
    const timer = setTimeout(() => cat.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}

async function inProcess(): Promise<{ attach: number[]; raw: number[] }> {
  const session = tempDir('gcdiff-bench-attach-');
  const program = new AttachedRun({
    pprofUrl: 'http://127.0.0.1:9/debug/pprof/',
    trace: '-',
    session: session.dir,
  });
  const catA = startCat();
  const catR = startCat();
  const ended = program.start(catA.stdout);
  let rawSeen = 0;
  catR.stdout.on('data', () => {
    rawSeen++;
  });
  const attach: number[] = [];
  const raw: number[] = [];
  try {
    for (const chunk of traceChunks(LINES + 50, { linesPerChunk: 1 })) {
      const warm = chunk.lastN <= 50;
      // gcdiff's pipeline
      const before = program.store.cycles.total;
      let start = performance.now();
      catA.stdin.write(chunk.text);
      while (program.store.cycles.total === before) await immediate();
      if (!warm) attach.push(performance.now() - start);
      // anchor: the same pipe read bare
      const seen = rawSeen;
      start = performance.now();
      catR.stdin.write(chunk.text);
      while (rawSeen === seen) await immediate();
      if (!warm) raw.push(performance.now() - start);
      await sleep(1);
    }
  } finally {
    await Promise.all([stopCat(catA), stopCat(catR)]);
    await ended;
    await program.stop();
    session.remove();
  }
  return { attach, raw };
}

/** Relay run inside tmux: connects to the bench's socket and feeds it to gcdiff's stdin. */
const RELAY_SCRIPT = `
const { spawn } = require('node:child_process');
const net = require('node:net');
const [port, ...argv] = process.argv.slice(1);
const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'inherit', 'inherit'] });
const socket = net.connect(Number(port), '127.0.0.1');
socket.pipe(child.stdin);
socket.on('error', () => {});
child.stdin.on('error', () => {});
child.on('exit', (code) => { socket.destroy(); process.exit(code ?? 1); });
`;

/**
 * Latency from a line written into the relay's socket until `onScreen(screen, n)` holds, for
 * `argv` (what the relay feeds) running in tmux at 200×50.
 */
async function terminalLatency(
  argv: string[],
  ready: (screen: string) => boolean,
  onScreen: (screen: string[], n: number) => boolean,
): Promise<number[]> {
  const server = createServer();
  let term: Awaited<ReturnType<typeof startInTerminal>> | null = null;
  try {
    const connected = new Promise<Socket>((resolve) => server.once('connection', resolve));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    term = await startInTerminal([process.execPath, '-e', RELAY_SCRIPT, String(port), ...argv], {
      cwd: ROOT,
    });
    const socket = await connected;
    const t = term;
    await t.tmux.waitFor(ready, 30_000, 'the program in tmux');
    const latencies: number[] = [];
    for (const chunk of traceChunks(E2E_LINES + 2, { linesPerChunk: 1 })) {
      const start = performance.now();
      socket.write(chunk.text);
      const deadline = Date.now() + 10_000;
      while (!onScreen(t.tmux.capture(), chunk.lastN)) {
        if (Date.now() > deadline) throw new Error(`gc ${chunk.lastN} never appeared on screen`);
        await sleep(2);
      }
      if (chunk.lastN > 2) latencies.push(performance.now() - start);
      await sleep(Math.random() * 100); // out of phase with the dashboard's 100 ms tick
    }
    socket.end();
    return latencies;
  } finally {
    await term?.stop();
    server.close();
  }
}

async function endToEnd(): Promise<{ gcdiff: number[]; cat: number[] } | null> {
  if (!tmuxAvailable()) return null;
  const steady = await buildGoProgram('steady');
  const demo = spawn(steady.binary, ['-addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const session = tempDir('gcdiff-bench-attach-');
  try {
    let text = '';
    demo.stdout?.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('demo steady printed no pprof URL')), 30_000);
      demo.stdout?.on('data', (t: string) => {
        text += t;
        const m = /pprof: (http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/)/.exec(text);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    // Anchor: the same relay into cat, the line on screen as soon as the terminal shows it.
    const cat = await terminalLatency(
      ['cat'],
      () => true,
      (screen, n) => screen.some((line) => line.startsWith(`gc ${n} @`)),
    );
    const gcdiff = await terminalLatency(
      [...builtCli(), 'attach', '--pprof', url, '--trace', '-', '--session', session.dir],
      (s) => s.includes('no GC yet') || /gc \d+/.test(s),
      (screen, n) => new RegExp(`\\bgc ${n}\\b`).test(screen.slice(0, 2).join('\n')),
    );
    return { gcdiff, cat };
  } finally {
    demo.kill('SIGKILL');
    session.remove();
    await steady.cleanup();
  }
}

export default async function bench(): Promise<BenchResult[]> {
  note(`attach latency in-process, ${LINES} lines through cat ...`);
  const { attach, raw } = await inProcess();
  const results: BenchResult[] = [];
  for (const p of [50, 99]) {
    const value = percentile(attach, p);
    const anchor = percentile(raw, p);
    results.push({
      name: `attach latency p${p}, line written → in store (AttachedRun, pipe via cat, ${attach.length} lines)`,
      anchor: "bare 'data' listener on the same kind of pipe",
      value: fmtMs(value),
      anchorValue: fmtMs(anchor),
      ratio: value / anchor,
      ratioMeaning: 'latency vs anchor, lower is better',
      target: 'report (well under the 100 ms UI tick)',
      met: null,
    });
  }
  note(`attach end to end in tmux, ${E2E_LINES} lines ...`);
  try {
    const e2e = await endToEnd();
    if (e2e) {
      const { gcdiff, cat } = e2e;
      note(
        `  gcdiff attach: p50 ${fmtMs(percentile(gcdiff, 50))}, p99 ${fmtMs(percentile(gcdiff, 99))}; relay into cat: p50 ${fmtMs(percentile(cat, 50))}, p99 ${fmtMs(percentile(cat, 99))}`,
      );
      const p50 = percentile(gcdiff, 50);
      const anchor = percentile(cat, 50);
      results.push({
        name: `attach end to end (gcdiff attach --trace - in tmux 200x50, line → header gc N), p50 of ${gcdiff.length}; p99 ${fmtMs(percentile(gcdiff, 99))}`,
        anchor: 'the same relay into cat in tmux (p50)',
        value: fmtMs(p50),
        anchorValue: fmtMs(anchor),
        ratio: p50 / anchor,
        ratioMeaning: 'latency vs anchor, lower is better',
        target: 'report (tick is 100 ms)',
        met: null,
      });
    }
  } catch (error) {
    note(`attach end to end failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results;
}
