/**
 * Bytes → ProfileModel. Gunzips when the bytes start with the gzip magic, then decodes with
 * the fast decoder. Every malformed input ends in a one-line UsageError.
 */
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import { buildModel } from './build-model.js';
import { decodeRawFast } from './decode-fast.js';
import { decodeRawReference } from './decode-reference.js';
import type { ProfileModel } from './model.js';

/** Profiles larger than this once decompressed are refused (a guard against gzip bombs). */
export const MAX_PROFILE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The uncompressed protobuf bytes of a profile (.pb.gz or .pb). */
export function profileBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw new UsageError('not a pprof profile: the input is empty');
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_PROFILE_BYTES });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(`not a valid .pb.gz profile: gzip: ${why}`);
  }
}

export type Decoder = 'fast' | 'reference';

/** Decodes a pprof profile (gzipped or not) into the normalised model. */
export function decodeProfile(bytes: Uint8Array, decoder: Decoder = 'fast'): ProfileModel {
  const raw = profileBytes(bytes);
  if (raw.length === 0) throw new UsageError('not a pprof profile: it is empty once decompressed');
  try {
    return buildModel(decoder === 'fast' ? decodeRawFast(raw) : decodeRawReference(raw));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // A RangeError or TypeError from malformed data: still bad input, still one line.
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(`not a pprof profile: ${why}`);
  }
}
