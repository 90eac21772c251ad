import { useEffect, useState } from 'react';
import type { StatusMessage } from '../core/timeline/store.js';
import { fitLastEntries } from './lines.js';
import { Line, type Seg } from './span.js';

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
export const ASCII_SPINNER = ['|', '/', '-', '\\'];

/** Advances a frame counter every `ms` while `active`. */
function useSpinner(active: boolean, ms = 100): number {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setFrame((f) => f + 1), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return frame;
}

export interface StatusLineProps {
  status: StatusMessage | null;
  /** The UI's own hint (e.g. "no diff yet"), shown when the store has no status. */
  notice: string | null;
  /** Background work of the UI's own (the heap-graph analysis), shown with a spinner over info messages. */
  activity?: string | null;
  /** Right side: the marks. */
  marks: string;
  width: number;
  ascii: boolean;
  color: boolean;
  /** 2: an error longer than the width goes on over a second row (statusRowsFor). */
  rows?: 1 | 2;
}

const ERROR_PREFIX = 'error: ';

/** Rows the status line wants: 2 for an error that does not fit in one row. */
export function statusRowsFor(status: StatusMessage | null, width: number): 1 | 2 {
  return status?.kind === 'error' && ERROR_PREFIX.length + status.text.length > width ? 2 : 1;
}

/** Splits text at the last space that leaves the first part at most `width` long. */
export function breakAt(text: string, width: number): [string, string] {
  if (text.length <= width) return [text, ''];
  const space = text.lastIndexOf(' ', width);
  const cut = space > width / 2 ? space : width;
  return [text.slice(0, cut), text.slice(cut).trimStart()];
}

/**
 * A status row: `left`, then the marks at the right edge. Whole mark entries only
 * (`A #1 gc 12 ok`), the newest first to stay, or none: the message comes first.
 */
function withMarks(left: Seg[], marksText: string, width: number): Seg[] {
  const leftLength = left.reduce((n, s) => n + s.text.length, 0);
  const room = width - leftLength - 2;
  const newest = marksText.split('  ').at(-1) ?? '';
  const marks = newest.length <= room ? fitLastEntries(marksText, room) : '';
  const pad = Math.max(1, width - leftLength - marks.length);
  return [...left, { text: ' '.repeat(pad) }, { text: marks, dim: true }];
}

/** The store's status message (with a spinner while busy), or a notice; the marks on the right. */
export function StatusLine(props: StatusLineProps) {
  const { status, notice, width, color } = props;
  const activity = props.activity ?? null;
  const busy = status?.kind === 'busy' || (activity !== null && status?.kind !== 'error');
  const frame = useSpinner(busy);
  const spinner = props.ascii ? ASCII_SPINNER : SPINNER;
  if ((props.rows ?? 1) === 2 && status?.kind === 'error' && !notice) {
    const [first, rest] = breakAt(status.text, width - ERROR_PREFIX.length);
    return (
      <>
        <Line
          segs={[
            { text: ERROR_PREFIX, color: 'red', bold: true },
            { text: first, color: 'red' },
          ]}
          color={color}
        />
        <Line segs={withMarks([{ text: rest, color: 'red' }], props.marks, width)} color={color} />
      </>
    );
  }
  const left: Seg[] = [];
  if (notice) left.push({ text: notice, color: 'yellow' });
  else if (activity !== null && status?.kind !== 'busy' && status?.kind !== 'error') {
    left.push({ text: `${spinner[frame % spinner.length]} `, color: 'cyan' });
    left.push({ text: activity });
  } else if (status) {
    if (busy) left.push({ text: `${spinner[frame % spinner.length]} `, color: 'cyan' });
    if (status.kind === 'error') left.push({ text: ERROR_PREFIX, color: 'red', bold: true });
    left.push({ text: status.text, color: status.kind === 'error' ? 'red' : undefined });
  }
  return <Line segs={withMarks(left, props.marks, width)} color={color} />;
}
