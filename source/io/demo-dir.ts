import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled demo Go module: the nearest `demo/go.mod` above this file. */
export function findDemoDir(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'demo');
    if (existsSync(path.join(candidate, 'go.mod'))) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

/** Demo programs: folders of the demo module with a main.go, except the agent and generators. */
export function listDemos(demoDir: string): string[] {
  const skip = new Set(['agent', 'splicegen', 'profilegen', 'heapcheck', 'bigheap', 'session']);
  return readdirSync(demoDir)
    .filter((name) => !skip.has(name))
    .filter((name) => {
      const dir = path.join(demoDir, name);
      return statSync(dir).isDirectory() && existsSync(path.join(dir, 'main.go'));
    })
    .sort();
}
