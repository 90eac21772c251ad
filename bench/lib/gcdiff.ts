/** How benches start the real, built gcdiff (`npm run bench` builds first). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUT_DIR = path.join(ROOT, 'bench', 'out');
export const BUILT_CLI = path.join(ROOT, 'dist', 'cli.js');

/** argv of the built CLI; throws when dist/ is missing (run `npm run build` or `npm run bench`). */
export function builtCli(): string[] {
  if (!existsSync(BUILT_CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  return [process.execPath, BUILT_CLI];
}

/** A private temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
