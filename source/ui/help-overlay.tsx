import { Box } from 'ink';
import { keyHelp } from './keymap.js';
import { fit } from './lines.js';
import { Line, type Seg } from './span.js';

/** Help lines for `rows` × `width`: one column, or two when the list is taller than the room. */
export function helpLines(
  rows: number,
  width: number,
  ascii: boolean,
  mode: 'run' | 'attach' | 'replay' = 'run',
): Seg[][] {
  const items = keyHelp(ascii, mode);
  const keyWidth = Math.max(...items.map((i) => i.keys.length)) + 2;
  const title: Seg[] = [
    { text: 'gcdiff keys', bold: true },
    { text: '  (esc or ? closes)', dim: true },
  ];
  const room = Math.max(0, rows - 1);
  const columns = items.length > room && width >= 120 ? 2 : 1;
  const perColumn = Math.ceil(items.length / columns);
  const colWidth = Math.floor(width / columns);
  const lines: Seg[][] = [title];
  const fits = perColumn <= room;
  // When the list does not fit, the last row says how many keys are left out.
  const itemRows = fits ? perColumn : Math.max(0, room - 1);
  for (let r = 0; r < itemRows; r++) {
    const segs: Seg[] = [];
    for (let c = 0; c < columns; c++) {
      const item = items[c * perColumn + r];
      if (!item) continue;
      segs.push(
        { text: fit(item.keys, keyWidth), color: 'cyan', bold: true },
        { text: fit(item.action, Math.max(0, colWidth - keyWidth)) },
      );
    }
    lines.push(segs);
  }
  if (!fits && room > 0) {
    const hidden = items.length - itemRows * columns;
    lines.push([{ text: `... ${hidden} more keys: make the terminal taller`, dim: true }]);
  }
  return lines.slice(0, rows);
}

/** The full key list (`?`), in place of the body. */
export function HelpOverlay(props: {
  rows: number;
  width: number;
  ascii: boolean;
  color: boolean;
  mode?: 'run' | 'attach' | 'replay';
}) {
  return (
    <Box flexDirection="column" height={props.rows} overflowY="hidden">
      {helpLines(props.rows, props.width, props.ascii, props.mode).map((segs, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
        <Line key={i} segs={segs} color={props.color} />
      ))}
    </Box>
  );
}
