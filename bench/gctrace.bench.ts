/**
 * gctrace parser throughput against raw line splitting of the same text, in the same run.
 *
 * - clean: 1M synthetic cycles rendered exactly as the runtime prints them (~140 MB);
 * - spliced: 200k cycles with program writes (log lines, slog JSON, partial writes) landing
 *   between runtime writes, about one line in six spliced, plus the program lines themselves.
 *
 * Both are fed to the streaming parser in 64 KiB chunks; the anchor is `text.split('\n')` of the
 * same text. A naive regex parser (split + one RegExp.exec per line + Number()) is measured too,
 * to calibrate the machine: the issue quotes ~0.36× for it on Node 20. For the clean text a
 * second anchor splits the same 64 KiB chunks the parser gets (carry + chunk, then split): that
 * is the like-for-like streaming split, and faster than one split of the whole text (no array of
 * a million strings to keep), so it is reported beside the anchor.
 *
 * Each measurement alternates with its anchor run by run (the machine is shared and noisy), and
 * the medians are compared.
 */
import { GctraceParser } from '../source/core/gctrace/parser.js';
import { cycleWrites, renderCycle } from '../source/core/gctrace/render.js';
import { seededRandom, syntheticCycles } from '../source/core/gctrace/synthetic.js';
import type { BenchResult } from './result.js';

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

/** text.split('\n') over the same 64 KiB chunks the parser gets, carrying the partial line. */
function chunkedSplit(text: string): number {
  let carry = '';
  let n = 0;
  for (let i = 0; i < text.length; i += CHUNK) {
    const lines = (carry + text.slice(i, i + CHUNK)).split('\n');
    carry = lines.pop() ?? '';
    n += lines.length;
  }
  return n + 1;
}

/** Runs a and b alternately `runs` times each; returns both median wall times in ms. */
function pairedMedianMs(runs: number, a: () => unknown, b: () => unknown): [number, number] {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    a();
    ta.push(performance.now() - start);
    start = performance.now();
    b();
    tb.push(performance.now() - start);
  }
  const median = (t: number[]) => t.sort((x, y) => x - y)[Math.floor(t.length / 2)] ?? Number.NaN;
  return [median(ta), median(tb)];
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
    const [anchor, parse] = pairedMedianMs(
      runs,
      () => rawSplit(text),
      () => parseStreaming(text),
    );
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
      const [chunked, parse2] = pairedMedianMs(
        runs,
        () => chunkedSplit(text),
        () => parseStreaming(text),
      );
      results.push({
        name: `gctrace parse, ${label}, same chunks as the parser`,
        anchor: 'split of the same 64 KiB chunks',
        value: `${mbps(text.length, parse2)}, ${lps(lines, parse2)}`,
        anchorValue: `${mbps(text.length, chunked)}, ${lps(lines, chunked)}`,
        ratio: chunked / parse2,
        ratioMeaning: 'throughput vs anchor (higher is better)',
        target: 'report',
        met: null,
      });
      const [anchor2, naive] = pairedMedianMs(
        runs,
        () => rawSplit(text),
        () => naiveRegex(text),
      );
      results.push({
        name: 'naive regex parser, clean 1M lines (calibration)',
        anchor: "raw text.split('\\n')",
        value: `${mbps(text.length, naive)}, ${lps(lines, naive)}`,
        anchorValue: `${mbps(text.length, anchor2)}, ${lps(lines, anchor2)}`,
        ratio: anchor2 / naive,
        ratioMeaning: 'throughput vs anchor (higher is better)',
        target: 'issue quotes ~0.36×',
        met: null,
      });
    }
  }
  return results;
}
