/** Diff rows → a text table for people (the JSON keeps exact values). */
import type { DiffRow, ProfileDiff } from '../profile/diff.js';
import { formatBytes, formatBytesDelta, formatCount, formatPercent } from './units.js';

export interface TableOptions {
  /** Number of rows to show (default: all). */
  top?: number;
}

/** A value in the diff's unit: bytes as KiB/MiB, anything else as a count. */
export function formatValue(unit: string, value: number, signed = false): string {
  if (unit === 'bytes') return signed ? formatBytesDelta(value) : formatBytes(value);
  return formatCount(value, signed);
}

function percent(p: number | null): string {
  return p === null ? 'n/a' : formatPercent(p, true);
}

/** The last two path elements: enough to recognise a file without the whole GOPATH. */
export function shortFile(file: string): string {
  const parts = file.split('/');
  return parts.slice(-2).join('/');
}

/** The row's label: function, plus file:line for line grouping, plus callers for stacks. */
export function rowLabel(diff: ProfileDiff, row: DiffRow): string {
  if (diff.by === 'func') return row.name;
  const where = row.file ? ` ${shortFile(row.file)}:${row.line ?? 0}` : '';
  if (diff.by === 'line' || !row.stack) return `${row.name}${where}`;
  const callers = row.stack
    .map((f) => f.name)
    .filter((name, i, all) => i === 0 || name !== all[i - 1]);
  const at = callers.indexOf(row.name);
  const shown = callers.slice(at === -1 ? 0 : at, (at === -1 ? 0 : at) + 4);
  const more = callers.length - (at === -1 ? 0 : at) - shown.length;
  return `${shown.join(' ← ')}${more > 0 ? ` ← … (${more} more)` : ''}${where}`;
}

/** The whole table: a header with totals, then one line per row, largest |flat delta| first. */
export function renderDiffTable(diff: ProfileDiff, options: TableOptions = {}): string {
  const unit = diff.unit;
  const rows = options.top === undefined ? diff.rows : diff.rows.slice(0, options.top);
  const t = diff.total;
  const lines: string[] = [];
  lines.push(
    `${diff.kind} ${diff.sampleType}, by ${diff.by}: base ${formatValue(unit, t.base)} → target ${formatValue(unit, t.target)}, delta ${formatValue(unit, t.delta, true)} (${percent(diff.totalDeltaPercent)} of base)`,
  );
  if (diff.kind === 'goroutine' && diff.attribution === 'user') {
    lines.push('flat is charged to the first frame outside the runtime');
  }
  if (diff.filter) lines.push(`filter: ${diff.filter}`);
  const header = ['base', 'target', 'delta', 'delta%', 'cum delta', 'cum%', 'name'];
  const cells = rows.map((r) => [
    formatValue(unit, r.flat.base),
    formatValue(unit, r.flat.target),
    formatValue(unit, r.flat.delta, true),
    percent(r.deltaPercent),
    formatValue(unit, r.cum.delta, true),
    percent(r.cumDeltaPercent),
    rowLabel(diff, r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) =>
    c
      .map((text, i) => (i === c.length - 1 ? text : text.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  lines.push(line(header));
  for (const c of cells) lines.push(line(c));
  if (rows.length === 0) lines.push('(no rows)');
  const hidden = diff.rows.length - rows.length;
  if (hidden > 0) lines.push(`… ${hidden} more rows (--top ${diff.rows.length} shows all)`);
  return `${lines.join('\n')}\n`;
}
