/** Reads a pprof profile file (.pb.gz or uncompressed .pb) into the normalised model. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { type Decoder, decodeProfile } from '../core/profile/decode.js';
import type { ProfileModel } from '../core/profile/model.js';
import { fsErrorText } from './fs-error.js';

/** Reads the bytes of a profile file; a missing or unreadable file is a UsageError. */
export async function readProfileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read profile ${path}: ${fsErrorText(error)}`);
  }
}

/**
 * Reads and decodes a profile. Zero-length, truncated, corrupt or not-a-profile input ends in
 * one UsageError line naming the file.
 */
export async function readProfileFile(
  path: string,
  decoder: Decoder = 'fast',
): Promise<ProfileModel> {
  const bytes = await readProfileBytes(path);
  try {
    return decodeProfile(bytes, decoder);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}
