import chalk from 'chalk';
import { Text } from 'ink';
import { createContext, useContext } from 'react';
import { clipToWidth, textWidth } from './text-width.js';

/** A run of text with an optional style; styles apply only when colour is on (NO_COLOR). */
export interface Seg {
  text: string;
  color?: string;
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
}

/** What every Line needs to know: the width of the box it sits in, and `--ascii`. */
export interface LineEnv {
  width: number;
  ascii: boolean;
}
export const LineContext = createContext<LineEnv>({ width: 80, ascii: false });

const asciiReplacements: Record<string, string> = {
  µ: 'u',
  '…': '...',
  '→': '->',
  '←': '<-',
  '↑': '^',
  '↓': 'v',
  '×': 'x',
  '─': '-',
  '│': '|',
  '█': '#',
};

/** Text with only printable ASCII: known symbols spelled out, anything else as `?`. */
export function toAscii(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (ch) => asciiReplacements[ch] ?? '?');
}

/** Clips segments to `width` columns so Ink never has to truncate (it would add a `…`). */
export function clipSegs(segs: readonly Seg[], width: number, ascii: boolean): Seg[] {
  const out: Seg[] = [];
  let left = Math.max(0, width);
  for (const s of segs) {
    if (left <= 0) break;
    const text = clipToWidth(ascii ? toAscii(s.text) : s.text, left);
    left -= textWidth(text);
    if (text.length > 0) out.push({ ...s, text });
  }
  return out;
}

/** A named colour of chalk's (what Ink's `color` prop looks up first). */
function namedColor(color: string): ((text: string) => string) | null {
  const style = (chalk as unknown as Record<string, unknown>)[color];
  return color in chalk && typeof style === 'function' ? (style as (text: string) => string) : null;
}

/**
 * The segment as Ink's <Text> styles it (components/Text.js: dim, then colour, then bold, then
 * inverse, each through the same chalk), or null for a colour Ink would resolve otherwise.
 */
export function styledText(s: Seg): string | null {
  let text = s.text;
  if (s.dim) text = chalk.dim(text);
  if (s.color) {
    const paint = namedColor(s.color);
    if (paint === null) return null;
    text = paint(text);
  }
  if (s.bold) text = chalk.bold(text);
  if (s.inverse) text = chalk.inverse(text);
  return text;
}

/** The segments clipped to the row's box (LineContext), `--ascii` applied. */
function useClippedSegs(segs: readonly Seg[]): Seg[] {
  const env = useContext(LineContext);
  return clipSegs(segs, env.width, env.ascii);
}

/** A row without colour (NO_COLOR): the segments' text only. */
function PlainRow({ segs }: { segs: readonly Seg[] }) {
  return <Text wrap="truncate-end">{segs.map((s) => s.text).join('')}</Text>;
}

/**
 * One screen row from segments, clipped (never wrapped) to the box it sits in.
 *
 * A row is one <Text> holding the styled string: a nested <Text> per segment gives the same
 * characters but costs Ink a React element, a fiber and a DOM node per segment, and a chart row
 * has many (LineOfNestedTexts is that form, kept for colours chalk does not name, and as the
 * reference in tests).
 */
export function Line({ segs, color }: { segs: readonly Seg[]; color: boolean }) {
  const clipped = useClippedSegs(segs);
  if (!color) return <PlainRow segs={clipped} />;
  let row = '';
  for (const s of clipped) {
    const styled = styledText(s);
    if (styled === null) return <NestedTexts segs={clipped} />;
    row += styled;
  }
  return <Text wrap="truncate-end">{row}</Text>;
}

/** Line with a nested <Text> per styled segment (the reference for Line's single string). */
export function LineOfNestedTexts({ segs, color }: { segs: readonly Seg[]; color: boolean }) {
  const clipped = useClippedSegs(segs);
  if (!color) return <PlainRow segs={clipped} />;
  return <NestedTexts segs={clipped} />;
}

function NestedTexts({ segs }: { segs: readonly Seg[] }) {
  return (
    <Text wrap="truncate-end">
      {segs.map((s, i) =>
        s.color || s.bold || s.inverse || s.dim ? (
          <Text
            // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity but their place
            key={i}
            color={s.color}
            bold={s.bold}
            inverse={s.inverse}
            dimColor={s.dim}
          >
            {s.text}
          </Text>
        ) : (
          s.text
        ),
      )}
    </Text>
  );
}

/** Merges neighbouring cells of the same style into segments. */
export function runs(chars: readonly string[], styleOf: (i: number) => Omit<Seg, 'text'>): Seg[] {
  const out: Seg[] = [];
  let key = '';
  for (let i = 0; i < chars.length; i++) {
    const style = styleOf(i);
    const k = `${style.color ?? ''}|${style.bold ? 1 : 0}|${style.inverse ? 1 : 0}|${style.dim ? 1 : 0}`;
    const last = out[out.length - 1];
    if (last && k === key) last.text += chars[i] as string;
    else {
      out.push({ ...style, text: chars[i] as string });
      key = k;
    }
  }
  return out;
}
