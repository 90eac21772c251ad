import { nextView, VIEW_LABELS, type View } from './reducer.js';
import { Line, type Seg } from './span.js';

export interface KeyHint {
  key: string;
  action: string;
}

/** The most useful keys for a view, most useful first; the bar keeps as many as fit. */
export function keyHints(
  view: View,
  help: boolean,
  filterDraft: string | null,
  ascii: boolean,
  mode: 'run' | 'attach' | 'replay' = 'run',
): KeyHint[] {
  if (filterDraft !== null) {
    return [
      { key: 'enter', action: 'apply' },
      { key: 'esc', action: 'cancel' },
      { key: 'ctrl-u', action: 'clear' },
    ];
  }
  if (help)
    return [
      { key: 'q', action: 'quit' },
      { key: 'esc/?', action: 'close help' },
    ];
  const lr = ascii ? 'h/l' : '←/→';
  const mark = { key: 'm', action: mode === 'replay' ? 'pick mark' : 'mark' };
  // `tab` names the view it goes to, so "GC cycles" and "reference cycles" are never confused.
  const tab = { key: 'tab', action: VIEW_LABELS[nextView(view)] };
  switch (view) {
    case 'charts': {
      const hints = [
        mark,
        { key: lr, action: 'cursor' },
        { key: '$', action: 'live' },
        { key: 'j/k', action: 'output' },
        { key: '/', action: 'filter' },
        { key: 'p', action: 'pause' },
        { key: 'd', action: 'diff' },
        tab,
        { key: 'r', action: 'restart' },
        { key: 'q', action: 'quit' },
        { key: '?', action: 'help' },
      ];
      // Only `run` started the program: a replay or an attach has nothing to restart.
      return mode === 'run' ? hints : hints.filter((h) => h.key !== 'r');
    }
    case 'cycles':
      return [
        { key: 'j/k', action: 'cycle' },
        { key: 'H/L', action: '10 cycles' },
        { key: 'enter', action: 'charts' },
        mark,
        tab,
        { key: 'q', action: 'quit' },
        { key: '?', action: 'help' },
      ];
    case 'diff':
      return [
        { key: 'j/k', action: 'row' },
        { key: 'enter', action: 'stacks+path' },
        tab,
        { key: 's', action: 'sample' },
        { key: 'g', action: 'group' },
        { key: '/', action: 'filter' },
        { key: 'esc', action: 'back' },
        mark,
        { key: 'q', action: 'quit' },
        { key: '?', action: 'help' },
      ];
    case 'refs':
      return [
        { key: 'j/k', action: 'group' },
        { key: 'enter', action: 'example path' },
        { key: 'esc', action: 'back' },
        tab,
        mark,
        { key: 'q', action: 'quit' },
        { key: '?', action: 'help' },
      ];
  }
}

export interface KeyBarProps {
  view: View;
  help: boolean;
  filterDraft: string | null;
  width: number;
  ascii: boolean;
  color: boolean;
  mode?: 'run' | 'attach' | 'replay';
}

/** One row: the filter prompt while typing one, then key hints that fit. */
export function KeyBar(props: KeyBarProps) {
  const segs: Seg[] = [];
  let used = 0;
  if (props.filterDraft !== null) {
    const prompt = `/${props.filterDraft}${props.ascii ? '_' : '█'}  `;
    segs.push({ text: prompt, color: 'yellow', bold: true });
    used += prompt.length;
  }
  const hints = keyHints(props.view, props.help, props.filterDraft, props.ascii, props.mode);
  // The last hint (help, or quit) always shows: its room is kept back.
  const lastHint = hints[hints.length - 1];
  const size = (h: KeyHint) => h.key.length + 1 + h.action.length + 2;
  const reserve = lastHint ? size(lastHint) : 0;
  for (const hint of hints.slice(0, -1)) {
    if (used + size(hint) + reserve - 2 > props.width) break;
    segs.push(
      { text: hint.key, color: 'cyan', bold: true },
      { text: ` ${hint.action}  `, dim: true },
    );
    used += size(hint);
  }
  if (lastHint && used + reserve - 2 <= props.width) {
    segs.push(
      { text: lastHint.key, color: 'cyan', bold: true },
      { text: ` ${lastHint.action}`, dim: true },
    );
  }
  return <Line segs={segs} color={props.color} />;
}
