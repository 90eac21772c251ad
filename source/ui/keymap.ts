/**
 * Keys → commands, as a pure table. The dashboard hands Ink's `useInput` arguments
 * here and dispatches what comes back; nothing in this file knows about React.
 */

/** The subset of Ink's `Key` this table reads (every field optional, so tests stay short). */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  meta?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

export type Command =
  | { type: 'mark' }
  /** Move the cycle cursor by `by` cycles (negative = older). */
  | { type: 'cursor'; by: number }
  | { type: 'cursorFirst' }
  /** Jump to the newest cycle and follow live again. */
  | { type: 'cursorLast' }
  /** Move in the current list (output pane, table rows) by `by` rows (negative = up). */
  | { type: 'list'; by: number }
  /** Move in the current list by pages (`pageUp`/`pageDown`, ctrl-u/ctrl-d). */
  | { type: 'listPage'; by: number }
  | { type: 'listTop' }
  | { type: 'listBottom' }
  | { type: 'open' }
  | { type: 'back' }
  | { type: 'sampleType' }
  | { type: 'grouping' }
  | { type: 'filterStart' }
  | { type: 'nextView' }
  | { type: 'prevView' }
  | { type: 'openDiff' }
  | { type: 'restart' }
  | { type: 'pause' }
  | { type: 'help' }
  | { type: 'quit' }
  /** Filter input mode: text typed into the filter. */
  | { type: 'filterInput'; text: string }
  | { type: 'filterBackspace' }
  | { type: 'filterClear' }
  | { type: 'filterApply' }
  | { type: 'filterCancel' };

export type InputMode = 'normal' | 'filter';

/** Cycles the cursor jumps with H/L or shift+←/→. */
export const CURSOR_JUMP = 10;

/** A control character or an escape sequence that reached us as text. */
const nonPrintable = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * The key presses in one input event. Ink hands a run of plain characters that arrived
 * together as one string: a paste, or keys typed or repeated faster than the terminal link
 * delivers them (`jjj` held down over SSH, `main*` + enter in a filter). Each character is
 * then a key of its own: enter, backspace and tab by their control characters, ctrl+letter
 * by theirs. Escape sequences (arrows, meta) come as events of their own and are kept whole.
 */
export function splitKeys(input: string, key: KeyInfo): [string, KeyInfo][] {
  const chars = Array.from(input);
  if (chars.length <= 1 || key.ctrl || key.meta || key.escape) return [[input, key]];
  return chars.map(charKey);
}

function charKey(ch: string): [string, KeyInfo] {
  if (ch === '\r' || ch === '\n') return ['', { return: true }];
  if (ch === '\u007f' || ch === '\b') return ['', { backspace: true }];
  if (ch === '\t') return ['', { tab: true }];
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ctrl: true }];
  return [ch, /^[A-Z]$/.test(ch) ? { shift: true } : {}];
}

/** Maps one key press to a command, or null when the key means nothing here. */
export function keyToCommand(
  input: string,
  key: KeyInfo,
  mode: InputMode = 'normal',
): Command | null {
  if (key.ctrl && input === 'c') return { type: 'quit' };
  if (mode === 'filter') return filterKey(input, key);

  if (key.leftArrow) return { type: 'cursor', by: key.shift ? -CURSOR_JUMP : -1 };
  if (key.rightArrow) return { type: 'cursor', by: key.shift ? CURSOR_JUMP : 1 };
  if (key.upArrow) return { type: 'list', by: -1 };
  if (key.downArrow) return { type: 'list', by: 1 };
  if (key.pageUp) return { type: 'listPage', by: -1 };
  if (key.pageDown) return { type: 'listPage', by: 1 };
  if (key.home) return { type: 'cursorFirst' };
  if (key.end) return { type: 'cursorLast' };
  if (key.return) return { type: 'open' };
  if (key.escape) return { type: 'back' };
  if (key.tab) return { type: key.shift ? 'prevView' : 'nextView' };
  if (key.ctrl) {
    if (input === 'u') return { type: 'listPage', by: -1 };
    if (input === 'd') return { type: 'listPage', by: 1 };
    return null;
  }
  if (key.meta) return null;

  switch (input) {
    case 'm':
    case ' ':
      return { type: 'mark' };
    case 'h':
      return { type: 'cursor', by: -1 };
    case 'l':
      return { type: 'cursor', by: 1 };
    case 'H':
      return { type: 'cursor', by: -CURSOR_JUMP };
    case 'L':
      return { type: 'cursor', by: CURSOR_JUMP };
    case '0':
    case '^':
      return { type: 'cursorFirst' };
    case '$':
      return { type: 'cursorLast' };
    case 'k':
      return { type: 'list', by: -1 };
    case 'j':
      return { type: 'list', by: 1 };
    case 'K':
      return { type: 'listPage', by: -1 };
    case 'J':
      return { type: 'listPage', by: 1 };
    case 'g':
      return { type: 'grouping' };
    case 'G':
      return { type: 'listBottom' };
    case 's':
      return { type: 'sampleType' };
    case '/':
      return { type: 'filterStart' };
    case 'd':
      return { type: 'openDiff' };
    case 'r':
      return { type: 'restart' };
    case 'p':
      return { type: 'pause' };
    case '?':
      return { type: 'help' };
    case 'q':
      return { type: 'quit' };
    default:
      return null;
  }
}

function filterKey(input: string, key: KeyInfo): Command | null {
  if (key.return) return { type: 'filterApply' };
  if (key.escape) return { type: 'filterCancel' };
  if (key.backspace || key.delete) return { type: 'filterBackspace' };
  if (key.ctrl && input === 'u') return { type: 'filterClear' };
  if (key.ctrl || key.meta || key.tab) return null;
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return null;
  if (input.length === 0 || nonPrintable.test(input)) return null;
  return { type: 'filterInput', text: input };
}

export interface KeyHelp {
  keys: string;
  action: string;
}

/** The full key list for the help overlay (`?`), in the order of DESIGN.md. */
export function keyHelp(ascii: boolean, mode: 'run' | 'attach' | 'replay' = 'run'): KeyHelp[] {
  const left = ascii ? '<-' : '←';
  const right = ascii ? '->' : '→';
  const up = ascii ? 'up' : '↑';
  const down = ascii ? 'down' : '↓';
  const items: KeyHelp[] = [
    mode === 'replay'
      ? {
          keys: 'm  space',
          action: 'pick the recorded mark at the cursor (A, then B)',
        }
      : { keys: 'm  space', action: 'mark: first A, then B (B opens the diff)' },
    { keys: `${left} ${right}  h l`, action: 'move the cycle cursor (freezes the x-axis)' },
    { keys: 'H L  shift+arrows', action: `move the cursor ${CURSOR_JUMP} cycles` },
    { keys: '0 $  home end', action: 'first cycle / newest cycle and follow live' },
    { keys: `${up} ${down}  j k`, action: 'scroll output (charts) or move in lists' },
    { keys: 'pgup pgdn  ctrl-u/d  G', action: 'page up / down, bottom' },
    {
      keys: 'enter',
      action: 'open: stacks + retention path, example of a ref cycle',
    },
    { keys: 'esc', action: 'back' },
    { keys: 's', action: 'sample type (inuse = retained, alloc = churn)' },
    { keys: 'g', action: 'grouping: func, line, stack' },
    { keys: '/', action: 'filter (enter applies, esc cancels, ctrl-u clears)' },
    {
      keys: 'tab  shift+tab',
      action: 'views: charts, GC cycles, diff, reference cycles',
    },
    { keys: 'd', action: 'open the last diff' },
    { keys: 'r', action: 'restart the child' },
    { keys: 'p', action: 'pause / resume the live view (data keeps flowing)' },
    { keys: '?', action: 'this help' },
    { keys: 'q  ctrl-c', action: 'quit (ends the child, saves the session)' },
  ];
  // Only `run` started the program: elsewhere there is nothing to restart.
  return mode === 'run' ? items : items.filter((i) => i.keys !== 'r');
}
