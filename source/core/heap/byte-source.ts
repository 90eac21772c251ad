/**
 * A synchronous source of bytes for the heap-dump reader. `read` copies at
 * most `length` bytes into `target` at `offset` and returns how many it
 * copied; 0 means the end of the input. The reader never seeks, so a file, a
 * pipe's chunks or an in-memory buffer all fit.
 */
export interface ByteSource {
  read(target: Uint8Array, offset: number, length: number): number;
  /** Total size in bytes when known (lets the reader reject absurd lengths early). */
  readonly size?: number;
}

/** A ByteSource over one in-memory buffer. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  let position = 0;
  return {
    size: bytes.length,
    read(target, offset, length) {
      const n = Math.min(length, bytes.length - position);
      if (n <= 0) return 0;
      target.set(bytes.subarray(position, position + n), offset);
      position += n;
      return n;
    },
  };
}

/** A ByteSource over a sequence of chunks (for example a file read in pieces). */
export function chunksSource(chunks: Iterable<Uint8Array>): ByteSource {
  const iterator = chunks[Symbol.iterator]();
  let current: Uint8Array | undefined;
  let position = 0;
  return {
    read(target, offset, length) {
      while (!current || position >= current.length) {
        const next = iterator.next();
        if (next.done) return 0;
        current = next.value;
        position = 0;
      }
      const n = Math.min(length, current.length - position);
      target.set(current.subarray(position, position + n), offset);
      position += n;
      return n;
    },
  };
}
