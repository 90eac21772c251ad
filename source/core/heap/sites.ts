import type { MemProfFrame } from './dump-format.js';

/** Function names that belong to the allocator, not to the program's allocation site. */
export function isRuntimeFrame(name: string): boolean {
  return (
    name.startsWith('runtime.') ||
    name.startsWith('internal/runtime/') ||
    name.startsWith('runtime/internal/') ||
    name === 'reflect.unsafe_New' ||
    name === 'reflect.unsafe_NewArray' ||
    name === 'reflect.mapassign_faststr' ||
    name === 'reflect.mapassign0'
  );
}

/**
 * The allocation site of a stack: the first frame (innermost first) that is
 * not in the runtime. Function names in a heap dump are those of the physical
 * function: an inlined callee is named by its caller.
 */
export function siteOfFrames(frames: readonly MemProfFrame[]): string {
  for (const frame of frames) if (!isRuntimeFrame(frame.name)) return frame.name;
  return frames[0]?.name ?? 'unknown';
}

/**
 * Allocation stacks interned across dumps: the same stack gets the same id in
 * dump A and dump B, even when its memprof bucket address differs.
 */
export class StackTable {
  private readonly ids = new Map<string, number>();
  readonly frames: MemProfFrame[][] = [];
  readonly sites: string[] = [];
  private readonly siteIds = new Map<string, number>();
  /** Site id of each stack id. */
  readonly siteOfStack: number[] = [];

  intern(frames: MemProfFrame[]): number {
    const key = frames.map((f) => `${f.name}\u0000${f.file}\u0000${f.line}`).join('\u0001');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.frames.length;
      this.ids.set(key, id);
      this.frames.push(frames);
      const site = siteOfFrames(frames);
      let siteId = this.siteIds.get(site);
      if (siteId === undefined) {
        siteId = this.sites.length;
        this.siteIds.set(site, siteId);
        this.sites.push(site);
      }
      this.siteOfStack.push(siteId);
    }
    return id;
  }
}

/**
 * Renumbers stack ids in place from the table whose stacks are `frames` (id → frames) to
 * `into`, interning them there: for dumps read with separate tables (in parallel).
 */
export function remapStacks(
  stack: Int32Array,
  frames: readonly MemProfFrame[][],
  into: StackTable,
): void {
  const map = frames.map((f) => into.intern(f));
  for (let v = 0; v < stack.length; v++) {
    const id = stack[v]!;
    if (id >= 0) stack[v] = map[id]!;
  }
}
