/**
 * gcdiff's stand-in for @alcalzone/ansi-tokenize, installed under Ink through an npm override
 * (see gcdiff's package.json and readme). Same exports, same results; the original package is a
 * dependency (`ansi-tokenize-original`) and does everything this file does not speed up.
 *
 * Why: Ink 6 turns every line of every frame into one object per character (`tokenize`, then
 * `styledCharsFromTokens`) and back (`styledCharsToString`). The original segments each line
 * into graphemes with Intl.Segmenter, copies the style list for every character and diffs two
 * style lists (three Sets) between every pair of neighbours. On a 200×50 dashboard frame that
 * was the largest single cost of a frame, and most of its garbage (bench/ansi-tokenize.bench.ts).
 *
 * The fast paths, and why each gives the original's result exactly:
 * - `tokenize` on a line whose characters are all in SIMPLE (below), with SGR sequences
 *   (`ESC [ digits and ; m`) between them. Each SIMPLE code unit is a grapheme cluster of its
 *   own whatever its SIMPLE neighbours are (none of them is a combining mark, joiner, variation
 *   selector, prepended or spacing mark, Hangul jamo, regional indicator, surrogate, CR or LF),
 *   and none is wide. An SGR sequence becomes the tokens the original gives for that sequence
 *   alone (it parses a sequence without looking around it). Any other character or escape
 *   sends the whole line to the original.
 * - `styledCharsFromTokens` gives each character the current style list itself instead of a
 *   copy: the list is replaced, never changed, when a code arrives (reduceAnsiCodesIncremental
 *   returns a new array), and neither Ink nor this package changes a character's list.
 * - `styledCharsToString` skips the diff between neighbours whose style lists hold the same
 *   codes in the same order: the original's diff of two such lists is empty.
 */
import {
  ansiCodesToString,
  diffAnsiCodes,
  tokenize as originalTokenize,
  reduceAnsiCodesIncremental,
} from 'ansi-tokenize-original';

export * from 'ansi-tokenize-original';

/**
 * Code units that are one narrow grapheme cluster each, next to each other: printable ASCII,
 * Latin-1 and Latin Extended letters and signs (no combining marks), general punctuation
 * without its format characters, super- and subscripts, currency, letterlike symbols, number
 * forms, arrows, mathematical operators, box drawing, block elements, and geometric shapes up to
 * U+25FC (U+25FD and U+25FE are wide). The test checks each of them against the original.
 */
const SIMPLE_RANGES = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0x2ff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2070, 0x2071],
  [0x2074, 0x208e],
  [0x2090, 0x209c],
  [0x20a0, 0x20c0],
  [0x2100, 0x218b],
  [0x2190, 0x22ff],
  [0x2500, 0x25fc],
];
export const SIMPLE_RANGES_FOR_TESTS = SIMPLE_RANGES;

const simple = new Uint8Array(0x2600);
for (const [from, to] of SIMPLE_RANGES) simple.fill(1, from, to + 1);

/** Whether code unit c is in SIMPLE_RANGES. */
function isSimple(c) {
  return c < 0x2600 && simple[c] === 1;
}

const ESC = 0x1b;
const LEFT_BRACKET = 0x5b;
const LETTER_M = 0x6d;
const SEMICOLON = 0x3b;

/** Tokens the original gives for one SGR sequence alone; bounded. */
const sgrTokens = new Map();
const SGR_CACHE_MAX = 512;

function tokensOfSgr(sequence) {
  let tokens = sgrTokens.get(sequence);
  if (tokens === undefined) {
    tokens = originalTokenize(sequence);
    if (sgrTokens.size >= SGR_CACHE_MAX) sgrTokens.clear();
    sgrTokens.set(sequence, tokens);
  }
  return tokens;
}

/** Index of the `m` that ends the SGR sequence starting at `start` (ESC [), or -1. */
function sgrEnd(str, start) {
  for (let i = start + 2; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c === LETTER_M) return i;
    if (c !== SEMICOLON && !(c >= 0x30 && c <= 0x39)) return -1;
  }
  return -1;
}

export function tokenize(str, endChar = Number.POSITIVE_INFINITY) {
  const ret = [];
  let visible = 0;
  const length = str.length;
  for (let i = 0; i < length; i++) {
    const c = str.charCodeAt(i);
    if (isSimple(c)) {
      ret.push({ type: 'char', value: str[i], fullWidth: false });
      visible++;
      if (visible >= endChar) {
        // The original stops after this grapheme, which the next code unit may still extend
        // (a joiner, a combining mark): then it is not this one character.
        const next = i + 1 < length ? str.charCodeAt(i + 1) : ESC;
        if (next === ESC || isSimple(next)) break;
        return originalTokenize(str, endChar);
      }
    } else if (c === ESC && str.charCodeAt(i + 1) === LEFT_BRACKET) {
      const end = sgrEnd(str, i);
      if (end === -1) return originalTokenize(str, endChar);
      for (const t of tokensOfSgr(str.slice(i, end + 1))) {
        ret.push({ type: t.type, code: t.code, endCode: t.endCode });
      }
      i = end;
    } else {
      return originalTokenize(str, endChar);
    }
  }
  return ret;
}

export function styledCharsFromTokens(tokens) {
  let codes = [];
  const ret = [];
  for (const token of tokens) {
    if (token.type === 'ansi') {
      codes = reduceAnsiCodesIncremental(codes, [token]);
    } else if (token.type === 'char') {
      // The original spreads the token; a char token has exactly these three fields.
      ret.push({ type: 'char', value: token.value, fullWidth: token.fullWidth, styles: codes });
    }
  }
  return ret;
}

/** Whether two reduced style lists hold the same codes in the same order. */
function sameCodes(a, b) {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;
  }
  return true;
}

export function styledCharsToString(chars) {
  let ret = '';
  const last = chars.length - 1;
  for (let i = 0; i <= last; i++) {
    const char = chars[i];
    if (i === 0) {
      ret += ansiCodesToString(char.styles);
    } else {
      const before = chars[i - 1].styles;
      if (!sameCodes(before, char.styles)) {
        ret += ansiCodesToString(diffAnsiCodes(before, char.styles));
      }
    }
    ret += char.value;
    if (i === last) ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
  }
  return ret;
}
