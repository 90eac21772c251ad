/**
 * `npm run bench`: runs every bench/*.bench.ts(x) and prints one table, each row a
 * measurement beside its anchor measured in the same run.
 * `npm run bench -- gctrace` runs only the benches whose file name contains "gctrace".
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './result.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(here))
  .filter((f) => f.endsWith('.bench.ts') || f.endsWith('.bench.tsx'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: BenchResult[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file} ...\n`);
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: Bench };
  rows.push(...(await mod.default()));
}

const header = ['benchmark', 'value', 'anchor', 'anchor value', 'ratio', 'target', 'met'];
const table = rows.map((r) => [
  r.name,
  r.value,
  r.anchor,
  r.anchorValue,
  `${r.ratio.toFixed(2)}× (${r.ratioMeaning})`,
  r.target,
  r.met === null ? '-' : r.met ? 'yes' : 'NO',
]);
const widths = header.map((h, i) =>
  Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)),
);
const line = (cells: string[]) =>
  `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
