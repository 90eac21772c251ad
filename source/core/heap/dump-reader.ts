import { UsageError } from '../errors.js';
import type { ByteSource } from './byte-source.js';
import {
  type DumpParams,
  dumpHeader,
  FieldKind,
  type FinalizerRecord,
  type Goroutine,
  type MemProfBucket,
  type MemProfFrame,
  memStatsCount,
  type PointerList,
  RecordTag,
  recordNames,
  type StackFrame,
} from './dump-format.js';

/**
 * Callbacks for the records of a heap dump, in file order. Every record is
 * parsed whether or not a callback is given; pointer lists hold only non-nil
 * pointers and are reused between calls.
 */
export interface DumpVisitor {
  params?(params: DumpParams): void;
  type?(address: number, size: number, name: string, indirect: boolean): void;
  itab?(address: number, typeAddress: number): void;
  object?(address: number, size: number, pointers: PointerList): void;
  goroutine?(goroutine: Goroutine): void;
  stackFrame?(frame: StackFrame, pointers: PointerList): void;
  osThread?(address: number, id: number, procId: number): void;
  /** The data or bss segment with its pointer fields. */
  segment?(kind: 'data' | 'bss', address: number, size: number, pointers: PointerList): void;
  finalizer?(record: FinalizerRecord, queued: boolean): void;
  otherRoot?(description: string, target: number): void;
  defer?(
    address: number,
    goroutine: number,
    sp: number,
    pc: number,
    fn: number,
    code: number,
  ): void;
  panic?(address: number, goroutine: number, type: number, data: number): void;
  memStats?(values: number[]): void;
  memProf?(bucket: MemProfBucket): void;
  allocSample?(address: number, bucket: number): void;
}

export interface DumpSummary {
  bytes: number;
  records: number[];
}

const maxSafe = Number.MAX_SAFE_INTEGER;
/** No single record range may be larger than this (typed arrays top out near 2^32). */
const maxRange = 2 ** 32 - 1;
const textDecoder = new TextDecoder('utf-8', { fatal: false });

class TruncatedError extends Error {}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** A growable list of pointers handed to visitors. */
class Pointers implements PointerList {
  length = 0;
  offsets = new Float64Array(256);
  targets = new Float64Array(256);
  push(offset: number, target: number): void {
    if (this.length === this.offsets.length) {
      const offsets = new Float64Array(this.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const targets = new Float64Array(this.length * 2);
      targets.set(this.targets);
      this.targets = targets;
    }
    this.offsets[this.length] = offset;
    this.targets[this.length] = target;
    this.length++;
  }
}

/**
 * Streams a heap dump from `source` and calls `visitor` for each record.
 * Memory use is the read buffer plus the largest single record. Truncated or
 * corrupt input throws a UsageError with a one-line message naming the byte
 * offset; every loop consumes input or stops, so it cannot hang.
 */
export function readHeapDump(
  source: ByteSource,
  visitor: DumpVisitor,
  label = 'heap dump',
  options: { objectPointers?: boolean } = {},
): DumpSummary {
  /** False: object records are parsed and checked, but their pointer values are not read. */
  const objectPointers = options.objectPointers ?? true;
  let buf = new Uint8Array(
    source.size === undefined ? 1 << 20 : Math.max(64, Math.min(1 << 20, source.size + 16)),
  );
  let pos = 0;
  let end = 0;
  /** Bytes before `keep` may be dropped when the buffer is refilled. */
  let keep = 0;
  /** Absolute offset of buf[0]. */
  let base = 0;
  let eof = false;
  let recordStart = 0;
  let recordTag = -1;

  const fail = (message: string): never => {
    const where = recordTag >= 0 ? ` in a ${recordNames[recordTag] ?? '?'} record` : '';
    throw new UsageError(`${label} is corrupt at byte ${base + recordStart}${where}: ${message}`);
  };

  /** Tries to have `need` bytes after pos; returns false at the end of input. */
  const fill = (need: number): boolean => {
    while (end - pos < need) {
      if (eof) return false;
      if (keep > 0 && buf.length - end < need - (end - pos) + 65536) {
        buf.copyWithin(0, keep, end);
        base += keep;
        pos -= keep;
        end -= keep;
        recordStart -= keep;
        keep = 0;
      }
      if (buf.length - end < 65536 || buf.length - pos < need) {
        const size = Math.max(buf.length * 2, pos + need + 65536);
        const bigger = new Uint8Array(size);
        bigger.set(buf.subarray(0, end));
        buf = bigger;
      }
      const n = source.read(buf, end, buf.length - end);
      if (n <= 0) eof = true;
      else end += n;
    }
    return true;
  };
  const require = (need: number): void => {
    if (!fill(need)) throw new TruncatedError();
  };

  const uvarint = (): number => {
    if (end - pos < 10) fill(10);
    if (pos >= end) throw new TruncatedError();
    let b = buf[pos++]!;
    if (b < 0x80) return b;
    let value = b & 0x7f;
    let scale = 128;
    for (let i = 1; i < 10; i++) {
      if (pos >= end) throw new TruncatedError();
      b = buf[pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    return fail('uvarint longer than 10 bytes');
  };
  /** A uvarint that must be exact: addresses, sizes, offsets. */
  const exact = (what: string): number => {
    const v = uvarint();
    if (v > maxSafe) fail(`${what} ${v} does not fit in 2^53`);
    return v;
  };
  const length = (what: string): number => {
    const n = exact(what);
    if (n > maxRange) fail(`${what} ${n} is too large`);
    if (source.size !== undefined && base + pos + n > source.size) throw new TruncatedError();
    return n;
  };
  const string = (): string => {
    const n = length('string length');
    require(n);
    const s = textDecoder.decode(buf.subarray(pos, pos + n));
    pos += n;
    return s;
  };
  const bool = (): boolean => uvarint() !== 0;

  let pointerSize = 8;
  let littleEndian = true;
  const pointers = new Pointers();

  /** Reads a pointer-sized word at buf[at]. */
  const word = (at: number): number => {
    if (pointerSize === 8) {
      const lo = buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24);
      const hi = buf[at + 4]! | (buf[at + 5]! << 8) | (buf[at + 6]! << 16) | (buf[at + 7]! << 24);
      return littleEndian ? (hi >>> 0) * 4294967296 + (lo >>> 0) : bigEndianWord(at);
    }
    const v = buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24);
    return littleEndian ? v >>> 0 : bigEndianWord(at);
  };
  const bigEndianWord = (at: number): number => {
    let v = 0;
    for (let i = 0; i < pointerSize; i++) v = v * 256 + buf[at + i]!;
    return v;
  };

  /**
   * Reads a memory range and the field list after it, collecting the non-nil
   * pointers. The range stays in the buffer (keep) until the fields are read.
   */
  let fieldScratch = new Float64Array(256);
  let wantPointers = true;
  const rangeWithFields = (readBetween?: () => void): number => {
    const size = length('range length');
    require(size);
    keep = pos;
    pos += size;
    readBetween?.();
    pointers.length = 0;
    let fieldCount = 0;
    for (;;) {
      // One-byte uvarints (every kind, most offsets) are read inline: this loop runs once
      // per pointer field of every object.
      const kind = pos < end && buf[pos]! < 0x80 ? buf[pos++]! : uvarint();
      if (kind === FieldKind.eol) break;
      if (kind > FieldKind.eface) fail(`unknown field kind ${kind}`);
      const offset = pos < end && buf[pos]! < 0x80 ? buf[pos++]! : exact('field offset');
      // Interfaces hold (type or itab, data): the data word may point at the heap.
      const at = kind === FieldKind.ptr ? offset : offset + pointerSize;
      if (at + pointerSize > size)
        fail(`field offset ${hex(offset)} outside a range of ${size} bytes`);
      if (!wantPointers) continue;
      if (fieldCount === fieldScratch.length) {
        const bigger = new Float64Array(fieldCount * 2);
        bigger.set(fieldScratch);
        fieldScratch = bigger;
      }
      fieldScratch[fieldCount++] = at;
    }
    // The buffer may have moved while the fields were read: keep is the range's start.
    const start = keep;
    for (let f = 0; f < fieldCount; f++) {
      const at = fieldScratch[f]!;
      const target = word(start + at);
      if (target !== 0) pointers.push(at, target);
    }
    return size;
  };

  const records = new Array<number>(recordNames.length).fill(0);

  try {
    require(dumpHeader.length);
    const header = textDecoder.decode(buf.subarray(0, dumpHeader.length));
    if (header !== dumpHeader) {
      throw new UsageError(
        `${label} is not a Go heap dump (header ${JSON.stringify(header.slice(0, 16))}, expected "go1.7 heap dump\\n")`,
      );
    }
    pos = dumpHeader.length;
    for (;;) {
      keep = pos;
      recordStart = pos;
      recordTag = -1;
      if (!fill(1)) throw new TruncatedError();
      const tag = uvarint();
      if (tag >= recordNames.length) fail(`unknown record tag ${tag}`);
      recordTag = tag;
      records[tag] = (records[tag] ?? 0) + 1;
      switch (tag) {
        case RecordTag.eof:
          return { bytes: base + pos, records };
        case RecordTag.object: {
          const address = exact('address');
          wantPointers = objectPointers;
          const size = rangeWithFields();
          wantPointers = true;
          visitor.object?.(address, size, pointers);
          break;
        }
        case RecordTag.otherRoot: {
          const description = string();
          const target = exact('address');
          visitor.otherRoot?.(description, target);
          break;
        }
        case RecordTag.type: {
          const address = exact('address');
          const size = exact('size');
          const name = string();
          const indirect = bool();
          visitor.type?.(address, size, name, indirect);
          break;
        }
        case RecordTag.goroutine: {
          const g: Goroutine = {
            address: exact('address'),
            sp: exact('sp'),
            id: uvarint(),
            goPc: exact('pc'),
            status: uvarint(),
            system: bool(),
            background: bool(),
            waitSince: uvarint(),
            waitReason: string(),
            ctxt: exact('address'),
            m: exact('address'),
            deferAddress: exact('address'),
            panicAddress: exact('address'),
          };
          visitor.goroutine?.(g);
          break;
        }
        case RecordTag.stackFrame: {
          const sp = exact('sp');
          const depth = exact('depth');
          const childSp = exact('sp');
          let entry = 0;
          let pc = 0;
          let continuationPc = 0;
          let name = '';
          const size = rangeWithFields(() => {
            entry = exact('pc');
            pc = exact('pc');
            continuationPc = exact('pc');
            name = string();
          });
          visitor.stackFrame?.(
            { sp, depth, childSp, size, entry, pc, continuationPc, name },
            pointers,
          );
          break;
        }
        case RecordTag.params: {
          const bigEndian = bool();
          pointerSize = exact('pointer size');
          if (pointerSize !== 8 && pointerSize !== 4) fail(`pointer size ${pointerSize}`);
          littleEndian = !bigEndian;
          // Read every field before the optional call: `?.` would skip evaluating them.
          const params: DumpParams = {
            bigEndian,
            pointerSize,
            arenaStart: exact('address'),
            arenaEnd: exact('address'),
            arch: string(),
            goVersion: string(),
            cpus: uvarint(),
          };
          visitor.params?.(params);
          break;
        }
        case RecordTag.finalizer:
        case RecordTag.queuedFinalizer: {
          const record: FinalizerRecord = {
            object: exact('address'),
            fn: exact('address'),
            code: exact('address'),
            argType: exact('address'),
            objectType: exact('address'),
          };
          visitor.finalizer?.(record, tag === RecordTag.queuedFinalizer);
          break;
        }
        case RecordTag.itab: {
          const address = exact('address');
          const typeAddress = exact('address');
          visitor.itab?.(address, typeAddress);
          break;
        }
        case RecordTag.osThread: {
          const address = exact('address');
          const id = uvarint();
          const procId = uvarint();
          visitor.osThread?.(address, id, procId);
          break;
        }
        case RecordTag.memStats: {
          const values = new Array<number>(memStatsCount);
          for (let i = 0; i < memStatsCount; i++) values[i] = uvarint();
          visitor.memStats?.(values);
          break;
        }
        case RecordTag.data:
        case RecordTag.bss: {
          const address = exact('address');
          const size = rangeWithFields();
          visitor.segment?.(tag === RecordTag.data ? 'data' : 'bss', address, size, pointers);
          break;
        }
        case RecordTag.defer: {
          const address = exact('address');
          const goroutine = exact('address');
          const sp = exact('sp');
          const pc = exact('pc');
          const fn = exact('address');
          const code = exact('address');
          exact('address'); // link
          visitor.defer?.(address, goroutine, sp, pc, fn, code);
          break;
        }
        case RecordTag.panic: {
          const address = exact('address');
          const goroutine = exact('address');
          const type = exact('address');
          const data = exact('address');
          uvarint(); // formerly the defer
          exact('address'); // link
          visitor.panic?.(address, goroutine, type, data);
          break;
        }
        case RecordTag.memProf: {
          const address = exact('address');
          const size = exact('size');
          const count = exact('stack depth');
          if (count > 100000) fail(`stack depth ${count}`);
          const frames: MemProfFrame[] = [];
          for (let i = 0; i < count; i++) {
            const name = string();
            const file = string();
            const line = exact('line');
            frames.push({ name, file, line });
          }
          const allocs = uvarint();
          const frees = uvarint();
          visitor.memProf?.({ address, size, frames, allocs, frees });
          break;
        }
        case RecordTag.allocSample: {
          const address = exact('address');
          const bucket = exact('address');
          visitor.allocSample?.(address, bucket);
          break;
        }
      }
    }
  } catch (error) {
    if (error instanceof TruncatedError) {
      const what = recordTag >= 0 ? ` inside a ${recordNames[recordTag]} record` : '';
      const total = base + end;
      throw new UsageError(
        total === 0
          ? `${label} is empty`
          : `${label} is truncated at byte ${total}${what} (no end-of-dump record)`,
      );
    }
    throw error;
  }
}
