import { GctraceParser, parseTrace } from '../../../source/core/gctrace/parser.js';
import { FIELD_NAMES } from '../../../source/core/gctrace/splice-search.js';
import type { GcCycle, TraceEvent } from '../../../source/core/gctrace/types.js';

/** Output events merged, so that different chunkings compare equal. */
export function normalize(events: TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.type === 'output' && last?.type === 'output') {
      out[out.length - 1] = { type: 'output', text: last.text + e.text };
    } else {
      out.push(e);
    }
  }
  return out;
}

/** Feeds text in the given chunk sizes (cycled) and returns all events. */
export function parseChunked(text: string, sizes: number[]): TraceEvent[] {
  const p = new GctraceParser();
  const events: TraceEvent[] = [];
  let i = 0;
  let k = 0;
  while (i < text.length) {
    const size = Math.max(1, sizes.length === 0 ? text.length : (sizes[k++ % sizes.length] ?? 1));
    events.push(...p.push(text.slice(i, i + size)));
    i += size;
  }
  events.push(...p.end());
  return events;
}

export function cyclesOf(events: TraceEvent[]): GcCycle[] {
  const out: GcCycle[] = [];
  for (const e of events) if (e.type === 'cycle') out.push(e.cycle);
  return out;
}

export function outputOf(events: TraceEvent[]): string {
  let s = '';
  for (const e of events) if (e.type === 'output') s += e.text;
  return s;
}

export { parseTrace };

/** The value of a field named as in AmbiguousField.field. */
export function fieldValue(c: GcCycle, field: string): number | null {
  const m = /^(\w+)(?:\[(\d)\])?$/.exec(field);
  if (!m) return null;
  const v = (c as unknown as Record<string, unknown>)[m[1] ?? ''];
  if (m[2] !== undefined && Array.isArray(v)) return (v[Number(m[2])] as number) ?? null;
  return typeof v === 'number' ? v : null;
}

/**
 * Compares a recovered cycle with the truth. A field may differ only if the parser said it was
 * ambiguous and listed the true value among the candidates. Returns a list of problems.
 */
export function compareCycle(got: GcCycle, want: GcCycle): string[] {
  const problems: string[] = [];
  for (const f of FIELD_NAMES) {
    const g = fieldValue(got, f);
    const w = fieldValue(want, f);
    if (g === w) continue;
    const amb = got.ambiguous?.find((a) => a.field === f);
    if (amb && w !== null && amb.candidates.includes(w)) continue;
    problems.push(
      `gc ${want.n} ${f}: got ${g}, want ${w}${amb ? ` (ambiguous ${amb.candidates})` : ''}`,
    );
  }
  for (const f of ['forced', 'periodic', 'leakCheck', 'process'] as const) {
    if (got[f] !== want[f]) problems.push(`gc ${want.n} ${f}: got ${got[f]}, want ${want[f]}`);
  }
  return problems;
}
