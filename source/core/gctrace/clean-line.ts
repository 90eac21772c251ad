/**
 * Fast path: scans one line that should be an unspliced gctrace line. Every number must be
 * something the runtime could have printed (see number-format.ts); anything else returns null
 * and the caller falls back to the splice search.
 *
 * Speed: charCodeAt costs several times a Uint8Array read in V8 (and more on the parser's
 * concatenated buffers), so the text is copied into a byte buffer a window at a time (a
 * gctrace line is ASCII; TextEncoder.encodeInto copies ASCII at memcpy speed) and scanned
 * there in one pass, with the literal parts compared four bytes at a time through a DataView.
 * The window is reused while the caller walks through the same string (the parser scans the
 * lines of one buffer in order). The only allocation is the result.
 */
import type { GcCycle } from './types.js';

/**
 * Longest line the runtime can print: every number at the most digits number-format.ts
 * accepts (20), both optional markers, stacks and globals.
 */
export const MAX_LINE_LENGTH = 465;
/** Shortest: `gc 0 @0.000s 0%: 0+0+0 ms clock, 0+0/0/0+0 ms cpu, 0->0->0 MB, 0 MB goal, 0 P`. */
const MIN_LINE_LENGTH = 77;
/** runtimeNumberValue accepts at most 20 characters per number. */
const MAX_DIGITS = 20;
/** Characters copied at a time. */
const WINDOW = 16 * 1024;

/**
 * bytes[0, winLength) is text[winStart, winStart + winLength), all ASCII, followed by a 0 that
 * matches nothing in the grammar: the cursor never passes it, and no read goes more than 32
 * bytes beyond it (literal compares), so the padding keeps every DataView read in bounds.
 */
const bytes = new Uint8Array(WINDOW + 64);
const view = new DataView(bytes.buffer);
const encoder = new TextEncoder();
/**
 * The string the window was copied from. Dropped at the end of the current job so that a big
 * parsed text is not kept alive by the cache (the parser scans a buffer's lines synchronously).
 */
let winText: string | null = null;
let releaseQueued = false;
function release(): void {
  winText = null;
  naText = null;
  releaseQueued = false;
}
function queueRelease(): void {
  if (!releaseQueued) {
    releaseQueued = true;
    queueMicrotask(release);
  }
}
let winStart = 0;
let winLength = 0;
/** The eight clock/cpu times of the line being scanned. */
const times = new Float64Array(8);

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * Once a window of naText met a non-ASCII character: naNext is the index of the first one at
 * or after naFrom (naText.length: none). Program output with such characters every few lines
 * (Go prints durations as `45µs`; `→`, accented names) would otherwise cost a whole window's
 * copy per line, thrown away at the first of them. Released with winText.
 */
let naText: string | null = null;
let naFrom = 0;
let naNext = 0;

function nextNonAscii(s: string, from: number): number {
  NON_ASCII.lastIndex = from;
  const m = NON_ASCII.exec(s);
  return m === null ? s.length : m.index;
}

/**
 * Copies the ASCII text from s[start] on (up to WINDOW characters, up to the first non-ASCII
 * character) into `bytes`. Returns false if that does not reach `end`: the line itself is not
 * all ASCII, so it is not a gctrace line.
 */
function load(s: string, start: number, end: number): boolean {
  // The bytes are overwritten below: the window is valid again only if the copy succeeds.
  winText = null;
  let stop = start + WINDOW;
  if (s === naText && start >= naFrom) {
    // s[naFrom, naNext) is ASCII: copy no further than the next non-ASCII character.
    if (start > naNext) {
      naFrom = start;
      naNext = nextNonAscii(s, start);
    }
    if (naNext < stop) stop = naNext;
    if (stop < end) return false;
  }
  let text = s.slice(start, stop);
  let r = encoder.encodeInto(text, bytes);
  if (r.read !== r.written || r.read !== text.length) {
    naText = s;
    naFrom = start;
    naNext = nextNonAscii(s, start);
    queueRelease();
    text = text.slice(0, naNext - start);
    if (start + text.length < end) return false;
    r = encoder.encodeInto(text, bytes);
    if (r.read !== r.written || r.read !== text.length) return false;
  }
  bytes[r.read] = 0;
  winText = s;
  winStart = start;
  winLength = r.read;
  queueRelease();
  return true;
}

/**
 * s[start, end) is one gctrace line without its line ending.
 * Returns the cycle (process 0, not periodic) if the runtime could have printed exactly that
 * text, otherwise null. Never throws.
 *
 * One pass with one cursor. Digit tests are written `c >= 48 && c <= 57` so that undefined is
 * never a digit. A line is accepted only if the cursor lands exactly on `end`; reads beyond `end`
 * (only on lines that fail) can therefore not make a line pass.
 */
export function scanCleanLine(s: string, start: number, end: number): GcCycle | null {
  const len = end - start;
  if (
    !(len >= MIN_LINE_LENGTH && len <= MAX_LINE_LENGTH) ||
    !(start >= 0 && end <= s.length && (start | 0) === start)
  ) {
    return null;
  }
  if (!(start >= winStart && end <= winStart + winLength && s === winText)) {
    if (!load(s, start, end)) return null;
  }
  return scan(start, end - winStart);
}

/** Where the line scanCleanLineToNewline accepted ends: its content, and after its newline. */
export const scannedLine = { contentEnd: 0, lineEnd: 0 };

/**
 * scanCleanLine for the line that starts at `start` and runs to the next newline, without
 * looking for that newline first: the cycle if s[start…] is a clean gctrace line followed by
 * `\n` or `\r\n` (then scannedLine says where it ends), otherwise null (the caller then finds
 * the line end and decides as before: this never accepts a line scanCleanLine refuses, and
 * refuses only lines it refuses or that it cannot see whole in its window).
 */
export function scanCleanLineToNewline(s: string, start: number): GcCycle | null {
  if (!(start >= 0 && start < s.length && (start | 0) === start)) return null;
  // A line that runs past the window (up to the end of the text or its first non-ASCII
  // character) meets the window's closing 0 instead of its newline, and is refused here.
  if (!(start >= winStart && start + MIN_LINE_LENGTH <= winStart + winLength && s === winText)) {
    if (!load(s, start, start + 1)) return null;
  }
  const cycle = scan(start, -1);
  if (cycle !== null && scannedLine.contentEnd - start > MAX_LINE_LENGTH) return null;
  return cycle;
}

/**
 * The scan itself, of the line at text index `start` (in the window). `last`: the window index
 * where the line's content ends, or -1 for "at the newline that follows the grammar" (then
 * scannedLine is set).
 */
function scan(start: number, last: number): GcCycle | null {
  const u = bytes;
  const dv = view;
  let i = start - winStart;
  let c: number;
  let t: number;

  // `gc `
  if (dv.getUint16(i, true) !== 0x6367 || u[i + 2] !== 32) return null;
  i += 3;

  // n: printuint (a leading 0 is caught by the separator check that follows)
  c = u[i]!;
  if (!(c >= 48 && c <= 57)) return null;
  t = i;
  let n = c - 48;
  c = u[++i]!;
  if (n !== 0) {
    while (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      c = u[++i]!;
    }
    if (i - t > MAX_DIGITS) return null;
  }
  // ` @`
  if (c !== 32 || u[i + 1] !== 64) return null;
  i += 2;

  // at: itoaDiv(ms, 3), `<int>.<3 digits>`
  c = u[i]!;
  if (!(c >= 48 && c <= 57)) return null;
  t = i;
  let at = c - 48;
  c = u[++i]!;
  if (at !== 0) {
    while (c >= 48 && c <= 57) {
      at = at * 10 + (c - 48);
      c = u[++i]!;
    }
    if (i - t > MAX_DIGITS - 4) return null;
  }
  if (c !== 46) return null;
  c = u[i + 1]!;
  if (!(c >= 48 && c <= 57)) return null;
  at = at * 10 + (c - 48);
  c = u[i + 2]!;
  if (!(c >= 48 && c <= 57)) return null;
  at = at * 10 + (c - 48);
  c = u[i + 3]!;
  if (!(c >= 48 && c <= 57)) return null;
  at = (at * 10 + (c - 48)) / 1000;
  // `s `
  if (dv.getUint16(i + 4, true) !== 0x2073) return null;
  i += 6;

  // util: printuint, at most 100
  c = u[i]!;
  if (!(c >= 48 && c <= 57)) return null;
  let util = c - 48;
  c = u[++i]!;
  if (util !== 0) {
    while (c >= 48 && c <= 57) {
      util = util * 10 + (c - 48);
      c = u[++i]!;
    }
    if (util > 100) return null;
  }
  // `%`, optional ` (checking for goroutine leaks)`, `: `
  if (c !== 37) return null;
  let leakCheck = false;
  if (u[i + 1] === 32) {
    // ' (checking for goroutine leaks)'
    if (
      dv.getUint32(i + 1, true) !== 0x68632820 ||
      dv.getUint32(i + 5, true) !== 0x696b6365 ||
      dv.getUint32(i + 9, true) !== 0x6620676e ||
      dv.getUint32(i + 13, true) !== 0x6720726f ||
      dv.getUint32(i + 17, true) !== 0x756f726f ||
      dv.getUint32(i + 21, true) !== 0x656e6974 ||
      dv.getUint32(i + 25, true) !== 0x61656c20 ||
      dv.getUint16(i + 29, true) !== 0x736b ||
      u[i + 31] !== 41
    ) {
      return null;
    }
    leakCheck = true;
    i += 31;
  }
  if (dv.getUint16(i + 1, true) !== 0x203a) return null;
  i += 3;

  // Clock and cpu times, fmtNSAsMS: `0`, whole ms ≥ 10 (`[1-9][0-9]+`), `[1-9].[0-9]`,
  // `0.[1-9][0-9]`, or `0.0[0-9][0-9]` but not `0.000`.
  for (let k = 0; k < 8; k++) {
    let ms: number;
    c = u[i]!;
    if (c === 48) {
      c = u[++i]!;
      if (c !== 46) ms = 0;
      else {
        const a = u[i + 1]!;
        const b = u[i + 2]!;
        if (a === 48) {
          const d = u[i + 3]!;
          if (!(b >= 48 && b <= 57 && d >= 48 && d <= 57) || (b === 48 && d === 48)) return null;
          ms = ((b - 48) * 10 + (d - 48)) / 1000;
          i += 4;
        } else {
          if (!(a >= 49 && a <= 57 && b >= 48 && b <= 57)) return null;
          ms = ((a - 48) * 10 + (b - 48)) / 100;
          i += 3;
        }
        c = u[i]!;
      }
    } else if (c >= 49 && c <= 57) {
      t = i;
      ms = c - 48;
      c = u[++i]!;
      if (c === 46) {
        const a = u[i + 1]!;
        if (!(a >= 48 && a <= 57)) return null;
        ms = (ms * 10 + (a - 48)) / 10;
        i += 2;
        c = u[i]!;
      } else {
        if (!(c >= 48 && c <= 57)) return null;
        do {
          ms = ms * 10 + (c - 48);
          c = u[++i]!;
        } while (c >= 48 && c <= 57);
        if (i - t > MAX_DIGITS) return null;
      }
    } else return null;
    times[k] = ms;
    // After: `+` `+` ` ms clock, ` `+` `/` `/` `+` ` ms cpu, `
    if (k === 2) {
      if (
        dv.getUint32(i, true) !== 0x20736d20 ||
        dv.getUint32(i + 4, true) !== 0x636f6c63 ||
        dv.getUint16(i + 8, true) !== 0x2c6b ||
        u[i + 10] !== 32
      ) {
        return null;
      }
      i += 11;
    } else if (k === 7) {
      if (
        dv.getUint32(i, true) !== 0x20736d20 ||
        dv.getUint32(i + 4, true) !== 0x2c757063 ||
        u[i + 8] !== 32
      ) {
        return null;
      }
      i += 9;
    } else {
      if (c !== (k === 4 || k === 5 ? 47 : 43)) return null;
      i++;
    }
  }

  // heap: `A->B->C MB, `
  c = u[i]!;
  if (!(c >= 48 && c <= 57)) return null;
  t = i;
  let h0 = c - 48;
  c = u[++i]!;
  if (h0 !== 0) {
    while (c >= 48 && c <= 57) {
      h0 = h0 * 10 + (c - 48);
      c = u[++i]!;
    }
    if (i - t > MAX_DIGITS) return null;
  }
  if (c !== 45 || u[i + 1] !== 62) return null;
  i += 2;
  c = u[i]!;
  if (!(c >= 48 && c <= 57)) return null;
  t = i;
  let h1 = c - 48;
  c = u[++i]!;
  if (h1 !== 0) {
    while (c >= 48 && c <= 57) {
      h1 = h1 * 10 + (c - 48);
      c = u[++i]!;
    }
    if (i - t > MAX_DIGITS) return null;
  }
  if (c !== 45 || u[i + 1] !== 62) return null;
  i += 2;
  c = u[i]!;
  if (!(c >= 48 && c <= 57)) return null;
  t = i;
  let h2 = c - 48;
  c = u[++i]!;
  if (h2 !== 0) {
    while (c >= 48 && c <= 57) {
      h2 = h2 * 10 + (c - 48);
      c = u[++i]!;
    }
    if (i - t > MAX_DIGITS) return null;
  }
  // ' MB, '
  if (dv.getUint32(i, true) !== 0x2c424d20 || u[i + 4] !== 32) return null;
  i += 5;

  // `G MB goal, `
  c = u[i]!;
  if (!(c >= 48 && c <= 57)) return null;
  t = i;
  let goal = c - 48;
  c = u[++i]!;
  if (goal !== 0) {
    while (c >= 48 && c <= 57) {
      goal = goal * 10 + (c - 48);
      c = u[++i]!;
    }
    if (i - t > MAX_DIGITS) return null;
  }
  // ' MB goal, '
  if (
    dv.getUint32(i, true) !== 0x20424d20 ||
    dv.getUint32(i + 4, true) !== 0x6c616f67 ||
    dv.getUint16(i + 8, true) !== 0x202c
  ) {
    return null;
  }
  i += 10;

  // Then `S MB stacks, G MB globals, P P` (Go 1.18+) or `P P` (Go ≤1.17).
  c = u[i]!;
  if (!(c >= 48 && c <= 57)) return null;
  t = i;
  let procs = c - 48;
  c = u[++i]!;
  if (procs !== 0) {
    while (c >= 48 && c <= 57) {
      procs = procs * 10 + (c - 48);
      c = u[++i]!;
    }
    if (i - t > MAX_DIGITS) return null;
  }
  let stacks: number | null = null;
  let globals: number | null = null;
  if (u[i + 1] === 77) {
    // ' MB stacks, '
    if (
      dv.getUint32(i, true) !== 0x20424d20 ||
      dv.getUint32(i + 4, true) !== 0x63617473 ||
      dv.getUint32(i + 8, true) !== 0x202c736b
    ) {
      return null;
    }
    i += 12;
    stacks = procs;
    c = u[i]!;
    if (!(c >= 48 && c <= 57)) return null;
    t = i;
    let g = c - 48;
    c = u[++i]!;
    if (g !== 0) {
      while (c >= 48 && c <= 57) {
        g = g * 10 + (c - 48);
        c = u[++i]!;
      }
      if (i - t > MAX_DIGITS) return null;
    }
    globals = g;
    // ' MB globals, '
    if (
      dv.getUint32(i, true) !== 0x20424d20 ||
      dv.getUint32(i + 4, true) !== 0x626f6c67 ||
      dv.getUint32(i + 8, true) !== 0x2c736c61 ||
      u[i + 12] !== 32
    ) {
      return null;
    }
    i += 13;
    c = u[i]!;
    if (!(c >= 48 && c <= 57)) return null;
    t = i;
    procs = c - 48;
    c = u[++i]!;
    if (procs !== 0) {
      while (c >= 48 && c <= 57) {
        procs = procs * 10 + (c - 48);
        c = u[++i]!;
      }
      if (i - t > MAX_DIGITS) return null;
    }
  }
  // ' P', then the end or ' (forced)'
  if (dv.getUint16(i, true) !== 0x5020) return null;
  i += 2;
  let forced = false;
  if (last === -1) {
    // ` (forced)`, then `\n` or `\r\n`. The window's 0 after its last byte matches neither,
    // so a newline found here is text, not stale bytes past the window.
    if (
      u[i] === 32 &&
      dv.getUint32(i, true) === 0x6f662820 &&
      dv.getUint32(i + 4, true) === 0x64656372 &&
      u[i + 8] === 41
    ) {
      forced = true;
      i += 9;
    }
    c = u[i]!;
    if (c === 10) scannedLine.lineEnd = winStart + i + 1;
    else if (c === 13 && u[i + 1] === 10) scannedLine.lineEnd = winStart + i + 2;
    else return null;
    scannedLine.contentEnd = winStart + i;
  } else if (i !== last) {
    if (
      last - i !== 9 ||
      dv.getUint32(i, true) !== 0x6f662820 ||
      dv.getUint32(i + 4, true) !== 0x64656372 ||
      u[i + 8] !== 41
    ) {
      return null;
    }
    forced = true;
  }
  // The same properties in the same order as cycleRecord (types.ts): one V8 map for both.
  return {
    n,
    atSeconds: at,
    cpuPercent: util,
    clockMs: [times[0]!, times[1]!, times[2]!],
    cpuMs: [times[3]!, times[4]!, times[5]!, times[6]!, times[7]!],
    heapMiB: [h0, h1, h2],
    goalMiB: goal,
    stacksMiB: stacks,
    globalsMiB: globals,
    procs,
    forced,
    periodic: false,
    leakCheck,
    process: 0,
  };
}
