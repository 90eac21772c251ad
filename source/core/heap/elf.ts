import { UsageError } from '../errors.js';
import type { SymbolLookup } from './analysis.js';

/**
 * Reads the symbol table (.symtab) of an ELF64 little-endian binary and maps
 * addresses to data symbols (STT_OBJECT), to name the globals of a heap dump.
 * A stripped binary has no .symtab and gives an empty table.
 */
export class ElfSymbols implements SymbolLookup {
  readonly count: number;
  private constructor(
    private readonly values: Float64Array,
    private readonly sizes: Float64Array,
    private readonly names: string[],
  ) {
    this.count = names.length;
  }

  static parse(bytes: Uint8Array, label = 'binary'): ElfSymbols {
    const bad = (why: string): never => {
      throw new UsageError(`${label} is not a readable ELF64 binary: ${why}`);
    };
    if (
      bytes.length < 64 ||
      bytes[0] !== 0x7f ||
      bytes[1] !== 0x45 ||
      bytes[2] !== 0x4c ||
      bytes[3] !== 0x46
    ) {
      bad('no ELF magic');
    }
    if (bytes[4] !== 2) bad('not 64-bit');
    if (bytes[5] !== 1) bad('not little-endian');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const u64 = (at: number) => {
      if (at + 8 > bytes.length) bad('offset out of range');
      return Number(view.getBigUint64(at, true));
    };
    const u32 = (at: number) => {
      if (at + 4 > bytes.length) bad('offset out of range');
      return view.getUint32(at, true);
    };
    const u16 = (at: number) => view.getUint16(at, true);
    const shoff = u64(0x28);
    const shentsize = u16(0x3a);
    const shnum = u16(0x3c);
    if (shentsize < 64) bad('bad section header size');
    if (shoff + shnum * shentsize > bytes.length) bad('section headers out of range');
    const values: number[] = [];
    const sizes: number[] = [];
    const names: string[] = [];
    const decoder = new TextDecoder();
    for (let s = 0; s < shnum; s++) {
      const sh = shoff + s * shentsize;
      if (u32(sh + 4) !== 2) continue; // SHT_SYMTAB
      const offset = u64(sh + 0x18);
      const size = u64(sh + 0x20);
      const link = u32(sh + 0x28);
      const entsize = u64(sh + 0x38) || 24;
      const strSh = shoff + link * shentsize;
      if (link >= shnum) bad('symbol table links a missing string table');
      const strOffset = u64(strSh + 0x18);
      const strSize = u64(strSh + 0x20);
      if (offset + size > bytes.length || strOffset + strSize > bytes.length)
        bad('symbol table out of range');
      for (let at = offset; at + 24 <= offset + size; at += entsize) {
        const info = bytes[at + 4]!;
        const type = info & 0xf;
        if (type !== 1) continue; // STT_OBJECT
        const value = u64(at + 8);
        const symSize = u64(at + 16);
        if (value === 0) continue;
        const nameAt = strOffset + u32(at);
        let nameEnd = nameAt;
        while (nameEnd < strOffset + strSize && bytes[nameEnd] !== 0) nameEnd++;
        values.push(value);
        sizes.push(symSize);
        names.push(decoder.decode(bytes.subarray(nameAt, nameEnd)));
      }
    }
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    return new ElfSymbols(
      Float64Array.from(order, (i) => values[i]!),
      Float64Array.from(order, (i) => sizes[i]!),
      order.map((i) => names[i]!),
    );
  }

  /** The data symbol containing `address`, with the offset into it. */
  lookup(address: number): { name: string; offset: number } | undefined {
    const values = this.values;
    let lo = 0;
    let hi = values.length - 1;
    if (hi < 0 || values[0]! > address) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (values[mid]! <= address) lo = mid;
      else hi = mid - 1;
    }
    // Several symbols may share an address; take any that contains it.
    for (let i = lo; i >= 0 && values[i]! > address - (1 << 20); i--) {
      const offset = address - values[i]!;
      if (offset < Math.max(this.sizes[i]!, 1)) return { name: this.names[i]!, offset };
    }
    return undefined;
  }
}
