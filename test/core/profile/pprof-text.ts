/**
 * Runs `go tool pprof` and reads its text output, for parity tests against the real tool.
 * Byte values are asked for with -unit=B so that pprof prints exact integers.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function pprof(args: string[]): Promise<string> {
  const { stdout } = await run('go', ['tool', 'pprof', ...args], {
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PPROF_TMPDIR: process.env.TMPDIR ?? '/tmp' },
  });
  return stdout;
}

const integer = (token: string): number => {
  const m = /^(-?\d+)B?$/.exec(token);
  if (!m)
    throw new Error(`pprof printed ${JSON.stringify(token)} where an exact number was expected`);
  return Number(m[1]);
};

export interface TopReport {
  /** "Showing nodes accounting for X": the sum of the flats shown. */
  accounted: number;
  /** "... of T total". */
  total: number;
  /** Node name (with " file:line" under -lines) → flat and cum. */
  rows: Map<string, { flat: number; cum: number }>;
}

/** Parses `pprof -top` output (run with -unit=B for byte profiles). */
export function parseTop(text: string): TopReport {
  const lines = text.split('\n');
  const header = lines.find((l) => l.startsWith('Showing nodes accounting for'));
  const m = header ? /accounting for (-?\d+B?), .* of (-?\d+B?) total/.exec(header) : null;
  if (!m) throw new Error(`no "Showing nodes" header in pprof output:\n${text}`);
  const rows = new Map<string, { flat: number; cum: number }>();
  const start = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%/.test(l));
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    const tokens = line.trim().split(/\s+/);
    const name = tokens
      .slice(5)
      .join(' ')
      .replace(/ \((?:partial-)?inline\)$/, '');
    if (rows.has(name)) throw new Error(`pprof printed ${name} twice`);
    rows.set(name, { flat: integer(tokens[0]!), cum: integer(tokens[3]!) });
  }
  return { accounted: integer(m[1]!), total: integer(m[2]!), rows };
}

/** Parses `pprof -traces`: stack (function names, leaf first, joined by "\n") → summed value. */
export function parseTraces(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const blocks = text.split(/^-+\+-+$/m).slice(1);
  for (const block of blocks) {
    let value: number | null = null;
    const frames: string[] = [];
    for (const line of block.split('\n')) {
      if (line.trim() === '') continue;
      if (value === null) {
        if (/^\s*[\w.-]+:\s/.test(line)) continue; // a label line, e.g. "bytes:  512B"
        const m = /^\s*(-?\d+B?)(?:\s+(\S.*))?$/.exec(line);
        if (!m) throw new Error(`unexpected pprof -traces line ${JSON.stringify(line)}`);
        value = integer(m[1]!);
        if (m[2]) frames.push(m[2]);
      } else frames.push(line.trim());
    }
    if (value === null) continue;
    const key = frames.map((f) => f.replace(/ \((?:partial-)?inline\)$/, '')).join('\n');
    out.set(key, (out.get(key) ?? 0) + value);
  }
  return out;
}

/** Drops zero entries, so that maps from different sources compare equal. */
export function nonZero<V>(map: Map<string, V>, isZero: (v: V) => boolean): Map<string, V> {
  return new Map(
    [...map].filter(([, v]) => !isZero(v)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
