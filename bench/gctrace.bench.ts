/**
 * gctrace parser throughput against raw line splitting of the same text, in the same run.
 *
 * - clean: 1M synthetic cycles rendered exactly as the runtime prints them (~140 MB);
 * - spliced: 200k cycles with program writes (log lines, slog JSON, partial writes) landing
 *   between runtime writes, about one line in six spliced, plus the program lines themselves.
 *
 * Both are fed to the streaming parser in 64 KiB chunks; the anchor is `text.split('\n')` of the
 * same text. A naive regex parser (split + one RegExp.exec per line + Number()) is measured too,
 * to calibrate the machine: the issue quotes ~0.36× for it on Node 20.
 */
import { GctraceParser } from '../source/core/gctrace/parser.js';
import { cycleWrites, renderCycle } from '../source/core/gctrace/render.js';
import { seededRandom, syntheticCycles } from '../source/core/gctrace/synthetic.js';
import { type BenchResult, medianMs } from './result.js';

const CHUNK = 64 * 1024;

function parseStreaming(text: string): number {
  const p = new GctraceParser();
  let n = 0;
  for (let i = 0; i < text.length; i += CHUNK) n += p.push(text.slice(i, i + CHUNK)).length;
  return n + p.end().length;
}

function rawSplit(text: string): number {
  return text.split('\n').length;
}

const NAIVE =
  /^gc (\d+) @([\d.]+)s (\d+)%: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock, ([\d.]+)\+([\d.]+)\/([\d.]+)\/([\d.]+)\+([\d.]+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (?:(\d+) MB stacks, (\d+) MB globals, )?(\d+) P( \(forced\))?$/;

function naiveRegex(text: string): number {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    const m = NAIVE.exec(line);
    if (!m) continue;
    const v = m.slice(1, 19).map((x) => (x === undefined ? null : Number(x)));
    out.push({ v, forced: m[19] !== undefined });
  }
  return out.length;
}

function splicedText(cycles: number): string {
  const rand = seededRandom(99);
  const writes = [
    '2026/11/25 17:08:30 request 16600 served in 968us\n',
    '{"time":"2026-11-25T17:08:30.123Z","level":"INFO","msg":"served","n":4}\n',
    'progress 45% ',
    'done\n',
  ];
  const parts: string[] = [];
  for (const c of syntheticCycles(cycles, { seed: 5, procs: 4 })) {
    const spliced = rand() < 1 / 6;
    const tokens = cycleWrites(c, 'go1.26');
    const at = Math.floor(rand() * tokens.length);
    tokens.forEach((t, i) => {
      if (spliced && i === at) parts.push(writes[Math.floor(rand() * writes.length)] ?? '');
      parts.push(t);
    });
    parts.push(writes[Math.floor(rand() * writes.length)] ?? '');
  }
  return parts.join('');
}

function mbps(bytes: number, ms: number): string {
  return `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
}
function lps(lines: number, ms: number): string {
  return `${(lines / (ms / 1000) / 1e6).toFixed(2)} M lines/s`;
}

export default async function gctraceBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const clean = syntheticCycles(1_000_000, { seed: 7, procs: 8 })
    .map((c) => renderCycle(c))
    .join('');
  const spliced = splicedText(200_000);
  for (const [label, text, runs] of [
    ['clean 1M lines', clean, 5],
    ['spliced 200k cycles', spliced, 3],
  ] as const) {
    const lines = rawSplit(text);
    // Warm up both.
    parseStreaming(text.slice(0, 2_000_000));
    rawSplit(text.slice(0, 2_000_000));
    const anchor = await medianMs(runs, () => rawSplit(text));
    const parse = await medianMs(runs, () => parseStreaming(text));
    const ratio = anchor / parse;
    process.stderr.write(
      `gctrace ${label}: parser ${mbps(text.length, parse)}, ${lps(lines, parse)}; ` +
        `split ${mbps(text.length, anchor)}, ${lps(lines, anchor)}; ratio ${ratio.toFixed(2)}×\n`,
    );
    results.push({
      name: `gctrace parse, ${label} (${(text.length / 1e6).toFixed(0)} MB)`,
      anchor: "raw text.split('\\n')",
      value: `${mbps(text.length, parse)}, ${lps(lines, parse)}`,
      anchorValue: `${mbps(text.length, anchor)}, ${lps(lines, anchor)}`,
      ratio,
      ratioMeaning: 'throughput vs anchor (higher is better)',
      target: label.startsWith('clean') ? '≥ 0.5×' : 'report',
      met: label.startsWith('clean') ? ratio >= 0.5 : null,
    });
    if (label.startsWith('clean')) {
      const naive = await medianMs(runs, () => naiveRegex(text));
      results.push({
        name: 'naive regex parser, clean 1M lines (calibration)',
        anchor: "raw text.split('\\n')",
        value: `${mbps(text.length, naive)}, ${lps(lines, naive)}`,
        anchorValue: `${mbps(text.length, anchor)}, ${lps(lines, anchor)}`,
        ratio: anchor / naive,
        ratioMeaning: 'throughput vs anchor (higher is better)',
        target: 'issue quotes ~0.36×',
        met: null,
      });
    }
  }
  return results;
}
