/**
 * A hand-written protobuf decoder for the fields of profile.proto that gcdiff needs.
 *
 * It reads the message once, straight into growable typed arrays, never builds an object per
 * sample or location, skips mappings and labels, and decodes a string only when it is asked
 * for. pprof-format (decode-reference.ts) is the reference: tests check that both give the
 * same model.
 *
 * Field numbers (profile.proto):
 *   Profile: 1 sample_type, 2 sample, 3 mapping, 4 location, 5 function, 6 string_table,
 *            11 period_type, 12 period, 14 default_sample_type
 *   ValueType: 1 type, 2 unit
 *   Sample: 1 location_id (packed or not), 2 value (packed or not), 3 label
 *   Location: 1 id, 2 mapping_id, 3 address, 4 line
 *   Line: 1 function_id, 2 line
 *   Function: 1 id, 2 name, 3 system_name, 4 filename
 */
import { UsageError } from '../errors.js';
import type { RawProfile } from './model.js';

class GrowableF64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

class GrowableI32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

const TWO_64 = 2 ** 64;

function corrupt(what: string): never {
  throw new UsageError(`not a pprof profile: ${what}`);
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  /** A varint as a number: uint64 (or two's-complement int64 when `signed`), exact below 2^53. */
  varint(signed: boolean): number {
    const buf = this.buf;
    let b = buf[this.pos++]!;
    if (b < 0x80) return b;
    let lo = b & 0x7f;
    b = buf[this.pos++]!;
    lo |= (b & 0x7f) << 7;
    if (b < 0x80) return lo;
    b = buf[this.pos++]!;
    lo |= (b & 0x7f) << 14;
    if (b < 0x80) return lo;
    b = buf[this.pos++]!;
    lo |= (b & 0x7f) << 21;
    if (b < 0x80) return lo;
    // 28 bits so far; the rest in floating point.
    let value = lo;
    let scale = 268435456; // 2^28
    for (let i = 4; i < 10; i++) {
      b = buf[this.pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (signed && i === 9 && value >= TWO_64 / 2) return value - TWO_64;
        return value;
      }
      scale *= 128;
    }
    corrupt('a varint is longer than 10 bytes');
  }

  /** Length of a length-delimited field, checked against `end`. */
  length(end: number): number {
    const n = this.varint(false);
    if (this.pos + n > end || this.pos > end) corrupt('a field runs past the end of its message');
    return n;
  }

  skip(wireType: number, end: number): void {
    switch (wireType) {
      case 0:
        this.varint(false);
        break;
      case 1:
        this.pos += 8;
        break;
      case 2: {
        const n = this.length(end);
        this.pos += n;
        break;
      }
      case 5:
        this.pos += 4;
        break;
      default:
        corrupt(`unexpected wire type ${wireType}`);
    }
  }
}

function expectEnd(r: Reader, end: number): void {
  if (r.pos !== end) corrupt('a message is truncated or malformed');
}

function readValueType(r: Reader, end: number): [number, number] {
  let type = 0;
  let unit = 0;
  while (r.pos < end) {
    const tag = r.varint(false);
    const field = tag >>> 3;
    const wt = tag & 7;
    if (field === 1 && wt === 0) type = r.varint(true);
    else if (field === 2 && wt === 0) unit = r.varint(true);
    else r.skip(wt, end);
  }
  expectEnd(r, end);
  return [type, unit];
}

/** Reads a repeated scalar field that may be packed (wire type 2) or not (wire type 0). */
function readRepeated(r: Reader, wt: number, end: number, out: GrowableF64, signed: boolean): void {
  if (wt === 0) {
    out.push(r.varint(signed));
    return;
  }
  if (wt !== 2) corrupt(`unexpected wire type ${wt} for a repeated number`);
  const stop = r.length(end) + r.pos;
  while (r.pos < stop) out.push(r.varint(signed));
  expectEnd(r, stop);
}

/** Decodes an uncompressed profile.proto message into a RawProfile. */
export function decodeRawFast(buf: Uint8Array): RawProfile {
  const r = new Reader(buf);
  const end = buf.length;

  const sampleTypes: Array<[number, number]> = [];
  let periodType: [number, number] | null = null;
  let period = 0;
  let defaultSampleType = 0;

  const stringStart = new GrowableI32();
  const stringEnd = new GrowableI32();

  const functionId = new GrowableF64();
  const functionName = new GrowableF64();
  const functionFile = new GrowableF64();

  const locationId = new GrowableF64();
  const locationAddress = new GrowableF64();
  const locationLineStart = new GrowableI32();
  const lineFunction = new GrowableF64();
  const lineNumber = new GrowableF64();

  const sampleLocationStart = new GrowableI32();
  const sampleLocationIds = new GrowableF64();
  const sampleValueStart = new GrowableI32();
  const sampleValues = new GrowableF64();

  while (r.pos < end) {
    const tag = r.varint(false);
    const field = tag >>> 3;
    const wt = tag & 7;
    if (field === 0) corrupt('field number 0');
    if (wt === 2 && field <= 6) {
      const len = r.length(end);
      const stop = r.pos + len;
      switch (field) {
        case 1:
          sampleTypes.push(readValueType(r, stop));
          break;
        case 2: {
          sampleLocationStart.push(sampleLocationIds.length);
          sampleValueStart.push(sampleValues.length);
          while (r.pos < stop) {
            const t = r.varint(false);
            const f = t >>> 3;
            const w = t & 7;
            if (f === 1) readRepeated(r, w, stop, sampleLocationIds, false);
            else if (f === 2) readRepeated(r, w, stop, sampleValues, true);
            else r.skip(w, stop);
          }
          expectEnd(r, stop);
          break;
        }
        case 4: {
          let id = 0;
          let address = 0;
          locationLineStart.push(lineFunction.length);
          while (r.pos < stop) {
            const t = r.varint(false);
            const f = t >>> 3;
            const w = t & 7;
            if (f === 1 && w === 0) id = r.varint(false);
            else if (f === 3 && w === 0) address = r.varint(false);
            else if (f === 4 && w === 2) {
              const lineStop = r.length(stop) + r.pos;
              let fn = 0;
              let line = 0;
              while (r.pos < lineStop) {
                const lt = r.varint(false);
                const lf = lt >>> 3;
                const lw = lt & 7;
                if (lf === 1 && lw === 0) fn = r.varint(false);
                else if (lf === 2 && lw === 0) line = r.varint(true);
                else r.skip(lw, lineStop);
              }
              expectEnd(r, lineStop);
              lineFunction.push(fn);
              lineNumber.push(line);
            } else r.skip(w, stop);
          }
          expectEnd(r, stop);
          locationId.push(id);
          locationAddress.push(address);
          break;
        }
        case 5: {
          let id = 0;
          let name = 0;
          let file = 0;
          while (r.pos < stop) {
            const t = r.varint(false);
            const f = t >>> 3;
            const w = t & 7;
            if (f === 1 && w === 0) id = r.varint(false);
            else if (f === 2 && w === 0) name = r.varint(true);
            else if (f === 4 && w === 0) file = r.varint(true);
            else r.skip(w, stop);
          }
          expectEnd(r, stop);
          functionId.push(id);
          functionName.push(name);
          functionFile.push(file);
          break;
        }
        case 6:
          stringStart.push(r.pos);
          stringEnd.push(stop);
          r.pos = stop;
          break;
        default:
          r.pos = stop; // 3: mapping
      }
    } else if (field === 11 && wt === 2) {
      const stop = r.length(end) + r.pos;
      periodType = readValueType(r, stop);
    } else if (field === 12 && wt === 0) {
      period = r.varint(true);
    } else if (field === 14 && wt === 0) {
      defaultSampleType = r.varint(true);
    } else if (field <= 6 && (field === 1 || field === 2 || field === 4 || field === 5)) {
      corrupt(`field ${field} has wire type ${wt}`);
    } else {
      r.skip(wt, end);
    }
  }
  if (r.pos !== end) corrupt('the data is truncated');

  const sampleCount = sampleLocationStart.length;
  sampleLocationStart.push(sampleLocationIds.length);
  sampleValueStart.push(sampleValues.length);
  const locationCount = locationId.length;
  locationLineStart.push(lineFunction.length);

  const starts = stringStart.done();
  const ends = stringEnd.done();
  const cache: Array<string | undefined> = new Array(starts.length);
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  const string = (index: number): string => {
    let s = cache[index];
    if (s === undefined) {
      s = decodeUtf8(buf, starts[index]!, ends[index]!, utf8);
      cache[index] = s;
    }
    return s;
  };

  return {
    stringCount: starts.length,
    string,
    sampleTypes,
    defaultSampleType,
    periodType,
    period,
    functionCount: functionId.length,
    functionId: functionId.done(),
    functionName: functionName.done(),
    functionFile: functionFile.done(),
    locationCount,
    locationId: locationId.done(),
    locationAddress: locationAddress.done(),
    locationLineStart: locationLineStart.done(),
    lineFunction: lineFunction.done(),
    lineNumber: lineNumber.done(),
    sampleCount,
    sampleLocationStart: sampleLocationStart.done(),
    sampleLocationIds: sampleLocationIds.done(),
    sampleValueStart: sampleValueStart.done(),
    sampleValues: sampleValues.done(),
  };
}

/**
 * Short ASCII strings (almost every symbol) without TextDecoder's call overhead. The result
 * must be a flat string: one built by `+=` per character is a deep rope, and every Map lookup
 * with a key made from it pays for walking the rope again.
 */
function decodeUtf8(
  buf: Uint8Array,
  start: number,
  end: number,
  utf8: { decode(bytes: Uint8Array): string },
): string {
  if (end - start > 256) return utf8.decode(buf.subarray(start, end));
  for (let i = start; i < end; i++) {
    if (buf[i]! >= 0x80) return utf8.decode(buf.subarray(start, end));
  }
  return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
}
