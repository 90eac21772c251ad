/**
 * A cheap structural check that bytes are a protobuf message: the top-level fields are
 * walked (tags, varints, fixed-size and length-delimited values) and must end exactly at the
 * end of the input. It does not decode the fields; it tells a profile from HTML, JSON or
 * a truncated body.
 */

/** Reads a varint at `offset`; returns [value, next offset] or null when malformed. */
function readVarint(bytes: Uint8Array, offset: number): [number, number] | null {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 10; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  return null;
}

/**
 * True when `bytes` is a non-empty sequence of well-formed protobuf fields with field numbers
 * of at least 1, and no group wire types (proto3 profiles never use them).
 */
export function isProtobufMessage(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let offset = 0;
  while (offset < bytes.length) {
    const tag = readVarint(bytes, offset);
    if (!tag) return false;
    const [key, afterTag] = tag;
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field < 1) return false;
    switch (wireType) {
      case 0: {
        const value = readVarint(bytes, afterTag);
        if (!value) return false;
        offset = value[1];
        break;
      }
      case 1:
        offset = afterTag + 8;
        break;
      case 2: {
        const length = readVarint(bytes, afterTag);
        if (!length) return false;
        offset = length[1] + length[0];
        break;
      }
      case 5:
        offset = afterTag + 4;
        break;
      default:
        return false;
    }
    if (offset > bytes.length) return false;
  }
  return true;
}
