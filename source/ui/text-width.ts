/**
 * Terminal columns of text, and clipping by columns, for everything gcdiff puts on a row:
 * program output can hold wide characters (CJK, emoji) that take two columns each, so
 * counting code points would let a row overflow and the terminal wrap it. Widths come from
 * fast-string-width, the measure Ink itself uses here (package.json overrides string-width),
 * so a clipped row is never truncated again by Ink.
 */
import stringWidth from 'fast-string-width';

/**
 * Text of one-column characters only, one UTF-16 unit each: printable ASCII, Latin-1 (not the
 * soft hyphen), `…`, arrows, box drawing and blocks: all the dashboard draws itself. Each
 * character is checked against the real string-width in the tests.
 */
export const ONE_COLUMN =
  /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u00ff\u2026\u2190-\u21ff\u2500-\u259f]*$/;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns the text takes on a terminal (ANSI escapes take none). */
export function textWidth(text: string): number {
  return ONE_COLUMN.test(text) ? text.length : stringWidth(text);
}

/** The longest prefix of whole characters (grapheme clusters) that fits in `width` columns. */
export function clipToWidth(text: string, width: number): string {
  const w = Math.max(0, Math.floor(width));
  if (ONE_COLUMN.test(text)) return text.length <= w ? text : text.slice(0, w);
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const cw = stringWidth(segment);
    if (used + cw > w) return text.slice(0, index);
    used += cw;
    end = index + segment.length;
  }
  return text.slice(0, end);
}
