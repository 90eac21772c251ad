/**
 * Builds a Go program of the demo module (demo/, module gcdiff.dev/demo) into a private
 * temporary directory, for tests and benches that need a real Go binary.
 *
 *   const build = await buildGoProgram('profilegen');
 *   spawn(build.binary, ...);
 *   await build.cleanup();
 *
 * Builds of the same package with the same options are shared within one process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The demo Go module. */
export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

export interface GoBuildOptions {
  /** Extra `go build` flags, e.g. ['-race'] or ['-gcflags=-l']. */
  flags?: string[];
  /** Extra environment for the go command (GOFLAGS, CGO_ENABLED, ...). */
  env?: Record<string, string>;
}

export interface GoBuild {
  /** Absolute path of the built executable. */
  binary: string;
  /** The temporary directory that holds it. */
  dir: string;
  /** Removes the temporary directory (safe to call more than once). */
  cleanup(): Promise<void>;
}

const builds = new Map<string, Promise<GoBuild>>();

/**
 * Builds `./<packageDir>` of the demo module (e.g. "profilegen") with `go build`.
 * Rejects with go's own error output when the build fails.
 */
export function buildGoProgram(packageDir: string, options: GoBuildOptions = {}): Promise<GoBuild> {
  const key = JSON.stringify([packageDir, options.flags ?? [], options.env ?? {}]);
  let build = builds.get(key);
  if (!build) {
    build = doBuild(packageDir, options, () => builds.delete(key));
    builds.set(key, build);
    build.catch(() => builds.delete(key));
  }
  return build;
}

async function doBuild(
  packageDir: string,
  options: GoBuildOptions,
  forget: () => void,
): Promise<GoBuild> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gcdiff-go-'));
  const name = path.basename(packageDir) + (process.platform === 'win32' ? '.exe' : '');
  const binary = path.join(dir, name);
  const pkg = `./${packageDir.replace(/^\.\//, '')}`;
  try {
    await run('go', ['build', ...(options.flags ?? []), '-o', binary, pkg], {
      cwd: DEMO_DIR,
      env: { ...process.env, ...options.env },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`go build ${pkg} failed: ${stderr.trim() || String(error)}`);
  }
  let removed = false;
  return {
    binary,
    dir,
    async cleanup() {
      if (removed) return;
      removed = true;
      forget();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
