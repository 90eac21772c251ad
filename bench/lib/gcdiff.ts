/** How benches start the real, built gcdiff (`npm run bench` builds first). */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUT_DIR = path.join(ROOT, 'bench', 'out');
export const BUILT_CLI = path.join(ROOT, 'dist', 'cli.js');

let snapshot: string | null = null;

/**
 * The built CLI's path, from a copy of dist/ taken the first time it is asked for in this
 * process (into bench/out/, so node_modules still resolves): others rebuild dist/ in the
 * shared working tree, and a bench must not see a half-written build halfway through.
 */
export function builtCliPath(): string {
  if (!existsSync(BUILT_CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  if (snapshot === null) {
    const dir = path.join(OUT_DIR, `dist-snapshot-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    cpSync(path.join(ROOT, 'dist'), dir, { recursive: true });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    snapshot = path.join(dir, 'cli.js');
  }
  return snapshot;
}

/** argv of the built CLI (see builtCliPath); throws when dist/ is missing. */
export function builtCli(): string[] {
  return [process.execPath, builtCliPath()];
}

/** A private temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
