const blockBits = 20;
const blockSize = 1 << blockBits;
const blockMask = blockSize - 1;

type TypedArray = Float64Array | Uint32Array;

/**
 * An append-only list of numbers in fixed blocks of 2^20 entries: growing it
 * never copies, so its peak memory is its size (plus one block).
 */
class ChunkedList<T extends TypedArray> {
  private readonly blocks: T[] = [];
  length = 0;
  constructor(private readonly make: (size: number) => T) {}
  push(value: number): void {
    const at = this.length & blockMask;
    if (at === 0) this.blocks.push(this.make(blockSize));
    this.blocks[this.blocks.length - 1]![at] = value;
    this.length++;
  }
  get(index: number): number {
    return this.blocks[index >>> blockBits]![index & blockMask]!;
  }
  /** Drops the storage; the list must not be used afterwards. */
  release(): void {
    this.blocks.length = 0;
    this.length = 0;
  }
}

export class ChunkedF64 extends ChunkedList<Float64Array> {
  constructor() {
    super((size) => new Float64Array(size));
  }
}

export class ChunkedU32 extends ChunkedList<Uint32Array> {
  constructor() {
    super((size) => new Uint32Array(size));
  }
}
