const blockBits = 20;
const blockSize = 1 << blockBits;
const blockMask = blockSize - 1;

type TypedArray = Float64Array | Uint32Array;

/**
 * An append-only list of numbers in fixed blocks of 2^20 entries: growing it
 * never copies, so its peak memory is its size (plus one block).
 */
class ChunkedList<T extends TypedArray> {
  /** The blocks, each 2^20 entries; the last one is filled up to `length`. */
  readonly blocks: T[] = [];
  length = 0;
  constructor(private readonly make: (size: number) => T) {}
  protected current: T | undefined;
  protected position = blockSize;
  /** Starts a new block (push is defined per subclass so that each store site sees one array type). */
  protected grow(): T {
    const block = this.make(blockSize);
    this.blocks.push(block);
    this.current = block;
    this.position = 0;
    return block;
  }
  get(index: number): number {
    return this.blocks[index >>> blockBits]![index & blockMask]!;
  }
  /** Copies every entry into `target` (which has at least `length` entries). */
  copyInto(target: T): void {
    for (let b = 0; b < this.blocks.length; b++) {
      const from = b * blockSize;
      const count = Math.min(blockSize, this.length - from);
      target.set(this.blocks[b]!.subarray(0, count), from);
    }
  }
  /** Drops the storage; the list must not be used afterwards. */
  release(): void {
    this.blocks.length = 0;
    this.current = undefined;
    this.length = 0;
  }
}

export const chunkBits = blockBits;
export const chunkMask = blockMask;

export class ChunkedF64 extends ChunkedList<Float64Array> {
  constructor() {
    super((size) => new Float64Array(size));
  }
  push(value: number): void {
    const block = this.position === blockSize ? this.grow() : (this.current as Float64Array);
    block[this.position++] = value;
    this.length++;
  }
}

export class ChunkedU32 extends ChunkedList<Uint32Array> {
  constructor() {
    super((size) => new Uint32Array(size));
  }
  push(value: number): void {
    const block = this.position === blockSize ? this.grow() : (this.current as Uint32Array);
    block[this.position++] = value;
    this.length++;
  }
}
