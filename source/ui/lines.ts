/**
 * Pure text for the one-line panes: the cycle detail line, the header, axis labels,
 * and clean program output. Everything here returns plain strings; components colour them.
 */

import {
  counted,
  formatBytes,
  formatDuration,
  formatMs,
  formatPercent,
} from '../core/format/units.js';
import { type GcCycle, pauseMs } from '../core/gctrace/types.js';
import type { ChildInfo, TimelineSnapshot } from '../core/timeline/store.js';
import { clipToWidth, textWidth } from './text-width.js';

/** Clips text to `width` terminal columns (whole characters; wide ones count two). */
export const clip = clipToWidth;

/**
 * Entries joined by `sep` within `width` columns: the last ones that fit whole (the
 * newest, in a list that grows at the end), else the last one clipped.
 */
export function fitLastEntries(text: string, width: number, sep = '  '): string {
  const entries = text.split(sep);
  while (entries.length > 1 && textWidth(entries.join(sep)) > width) entries.shift();
  return clipToWidth(entries.join(sep), width);
}

/** The first of `forms` (longest first) that fits in `width` columns, else the last. */
export function fitFirst(forms: readonly string[], width: number): string {
  return forms.find((f) => textWidth(f) <= width) ?? forms[forms.length - 1] ?? '';
}

/** Pads (or clips) to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const clipped = clipToWidth(text, width);
  return clipped + ' '.repeat(Math.max(0, Math.floor(width) - textWidth(clipped)));
}

const escapeSequence =
  // CSI, OSC (ended by BEL or ST) and two-character escapes that programs print.
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Program output made safe for one screen row: escapes and control characters removed, tabs expanded. */
export function cleanOutputLine(text: string): string {
  const plain = text.replace(escapeSequence, '').replace(controls, '');
  if (!plain.includes('\t')) return plain;
  let out = '';
  for (const ch of plain) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

/**
 * A clock or cpu time as the runtime prints it: whole ms from 10 on, below that two
 * significant digits with at most 3 decimals, trailing zeros kept, under 1µs "0".
 */
export function runtimeMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 10) return ms.toFixed(0);
  if (ms === 0) return '0';
  const p = ms.toPrecision(2);
  const decimals = p.includes('.') ? (p.split('.')[1] as string).length : 0;
  if (decimals <= 3 && !p.includes('e')) return p;
  const fixed = ms.toFixed(3);
  return Number(fixed) === 0 ? '0' : fixed;
}

/** Y-axis labels, at most 7 characters. */
export function pauseLabel(ms: number): string {
  return ms === 0 ? '0ms' : formatMs(ms);
}
export function mibLabel(mib: number): string {
  return formatBytes(mib * 1024 * 1024);
}
/**
 * A GC CPU share for the chart's axis and the panel's title: below 1 %, two significant
 * digits (0.043%), so that a quiet program's axis does not read 0.0% on every row.
 */
export function percentLabel(p: number): string {
  if (p === 0) return '0%';
  if (!Number.isFinite(p) || Math.abs(p) >= 1) return formatPercent(p);
  return `${Number(p.toPrecision(2))}%`;
}

interface Segment {
  full: string;
  short: string;
  /** Lower is dropped first when even the short forms do not fit. */
  keep: number;
}

/** A cycle whose values splicing left in doubt: drawn in yellow. */
export function uncertain(cycle: GcCycle): boolean {
  return (cycle.ambiguous?.length ?? 0) > 0 || cycle.bestGuess === true;
}

function ambiguityText(cycle: GcCycle, short: boolean): string | null {
  if (!cycle.ambiguous || cycle.ambiguous.length === 0) return null;
  const parts = cycle.ambiguous.map((a) => `${a.field} ${a.candidates.join('|')}`);
  return short
    ? `amb ${cycle.ambiguous.map((a) => a.field).join(',')}`
    : `ambiguous ${parts.join(', ')}`;
}

/**
 * Every field of one cycle on one line. Complete at wide widths; at narrow widths
 * the labels shorten, and the least telling fields go last (stacks and globals first).
 */
export function cycleDetail(cycle: GcCycle | null, seq: number | null, width: number): string {
  if (!cycle) return clip('no GC cycle yet: waiting for gctrace lines', width);
  const c = cycle.clockMs;
  const u = cycle.cpuMs;
  const clock = `${runtimeMs(c[0])}+${runtimeMs(c[1])}+${runtimeMs(c[2])}`;
  const cpu = `${runtimeMs(u[0])}+${runtimeMs(u[1])}/${runtimeMs(u[2])}/${runtimeMs(u[3])}+${runtimeMs(u[4])}`;
  const [h0, h1, h2] = cycle.heapMiB;
  // keep: the order fields go in when even the short forms do not fit (lowest first).
  const segments: Segment[] = [
    {
      full: `gc ${cycle.n}${seq === null ? '' : ` #${seq}`}`,
      short: `gc ${cycle.n}`,
      keep: 20,
    },
    { full: `@${cycle.atSeconds.toFixed(3)}s`, short: `@${cycle.atSeconds.toFixed(3)}s`, keep: 12 },
    { full: `${cycle.cpuPercent}% cumulative`, short: `${cycle.cpuPercent}%`, keep: 5 },
    { full: `clock ${clock} ms`, short: `${clock}ms`, keep: 18 },
    {
      full: `(STW ${formatMs(pauseMs(cycle))})`,
      short: `stw ${formatMs(pauseMs(cycle))}`,
      keep: 7,
    },
    { full: `cpu ${cpu} ms`, short: `cpu ${cpu}`, keep: 11 },
    { full: `heap ${h0}->${h1}->${h2} MiB`, short: `${h0}->${h1}->${h2}`, keep: 19 },
    { full: `goal ${cycle.goalMiB} MiB`, short: `goal ${cycle.goalMiB}MiB`, keep: 17 },
    {
      full: `stacks ${cycle.stacksMiB ?? 'n/a'} MiB`,
      short: `stk ${cycle.stacksMiB ?? '-'}`,
      keep: 2,
    },
    {
      full: `globals ${cycle.globalsMiB ?? 'n/a'} MiB`,
      short: `glb ${cycle.globalsMiB ?? '-'}`,
      keep: 1,
    },
    { full: `${cycle.procs} P`, short: `${cycle.procs}P`, keep: 4 },
  ];
  if (cycle.forced) segments.push({ full: '(forced)', short: 'forced', keep: 16 });
  if (cycle.periodic) segments.push({ full: '(periodic)', short: 'periodic', keep: 15 });
  if (cycle.leakCheck)
    segments.push({ full: '(goroutine leak check)', short: 'leakchk', keep: 13 });
  segments.push({
    full: `process ${cycle.process}`,
    short: `proc ${cycle.process}`,
    keep: cycle.process > 0 ? 6 : 0,
  });
  const amb = ambiguityText(cycle, false);
  if (amb) segments.push({ full: amb, short: ambiguityText(cycle, true) ?? amb, keep: 16 });
  if (cycle.bestGuess) segments.push({ full: '(best guess)', short: 'guess', keep: 16 });

  // Shorten field by field, least telling first; then drop fields in the same order.
  const byKeep = segments
    .map((_, i) => i)
    .sort((a, b) => (segments[a] as Segment).keep - (segments[b] as Segment).keep);
  const forms = segments.map((s) => s.full);
  const kept = segments.map(() => true);
  const text = () => forms.filter((_, i) => kept[i]).join(' ');
  for (const i of byKeep) {
    if (text().length <= width) break;
    forms[i] = (segments[i] as Segment).short;
  }
  for (const i of byKeep.slice(0, -1)) {
    if (text().length <= width) break;
    kept[i] = false;
  }
  return clip(text(), width);
}

export interface HeaderInput {
  snapshot: TimelineSnapshot;
  /** The live snapshot: differs from `snapshot` while paused. */
  live: TimelineSnapshot;
  paused: boolean;
  following: boolean;
  mode: 'run' | 'attach' | 'replay';
  sessionDir: string | null;
  env: { gogc?: string; gomemlimit?: string };
  /** ms since the session started, when the caller keeps a clock. */
  nowMs: number | null;
}

export function childState(child: ChildInfo, mode: HeaderInput['mode']): string {
  if (mode === 'replay') return 'replay';
  switch (child.state) {
    case 'starting':
      return 'starting';
    case 'running':
      return 'running';
    case 'detached':
      return 'detached';
    case 'exited':
      if (child.signal) return `killed by ${child.signal}`;
      // Go exits with 2 on a panic or a fatal runtime error.
      if (child.exitCode === 2) return 'exited 2 (panic or fatal error?)';
      return `exited ${child.exitCode ?? '?'}`;
  }
}

function uptime(input: HeaderInput): string | null {
  const child = input.snapshot.child;
  if (input.nowMs !== null && child.startedMs !== null && child.state !== 'exited') {
    return `up ${formatDuration((input.nowMs - child.startedMs) / 1000)}`;
  }
  // Without a clock: the runtime's own clock at its last GC.
  const latest = input.snapshot.latest;
  return latest ? `t ${formatDuration(latest.atSeconds)}` : null;
}

/** The badge at the right of the header: LIVE, PAUSED (+n new), or CURSOR. */
export function headerBadge(input: HeaderInput): string {
  if (input.paused) {
    const more = input.live.cycleTotal - input.snapshot.cycleTotal;
    return more > 0 ? `PAUSED +${counted(more, 'cycle')}` : 'PAUSED';
  }
  if (!input.following) return 'CURSOR ($ = live)';
  if (input.mode === 'replay') return 'END';
  return input.snapshot.child.state === 'exited' ? 'ENDED' : 'LIVE';
}

/** The command for the header: the executable's base name, and at most 40 characters. */
export function shortCommand(argv: readonly string[]): string {
  const [exe, ...args] = argv;
  const base = exe?.includes('/') ? (exe.split('/').pop() ?? exe) : (exe ?? '');
  const text = [base, ...args].join(' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Header items, most important first; the component joins as many as fit per row. */
export function headerItems(input: HeaderInput): { first: string[]; second: string[] } {
  const { snapshot, mode, env } = input;
  const child = snapshot.child;
  const latest = snapshot.latest;
  const command = child.command.length > 0 ? shortCommand(child.command) : mode;
  const first: string[] = [`gcdiff ${mode}`, command];
  if (child.pid !== null) first.push(`pid ${child.pid}`);
  first.push(childState(child, mode));
  const up = uptime(input);
  if (up) first.push(up);
  first.push(latest ? `gc ${latest.n}` : 'no GC yet');
  if (latest) first.push(`${latest.procs}P`);
  if (env.gogc) first.push(`GOGC=${env.gogc}`);
  if (env.gomemlimit) first.push(`GOMEMLIMIT=${env.gomemlimit}`);
  const second: string[] = [];
  second.push(child.pprofUrl ? `pprof ${child.pprofUrl}` : 'pprof: none');
  if (snapshot.cycleTotal > 0) second.push(counted(snapshot.cycleTotal, 'cycle'));
  if (snapshot.processes > 1) second.push(`${snapshot.processes} processes`);
  if (child.restarts > 0) second.push(counted(child.restarts, 'restart'));
  if (snapshot.gaps > 0) second.push(`${snapshot.gaps} missing`);
  if (input.sessionDir) second.push(`session ${input.sessionDir}`);
  return { first, second };
}

/** Joins items with two spaces, keeping only whole items that fit. */
export function joinFitting(items: readonly string[], width: number): string {
  let out = '';
  for (const item of items) {
    const next = out.length === 0 ? item : `${out}  ${item}`;
    if (next.length > width) {
      // The first item is clipped rather than dropped.
      if (out.length === 0) return clip(item, width);
      continue;
    }
    out = next;
  }
  return out;
}
