/**
 * The reference decoder: pprof-format's general-purpose protobuf decoder, converted to a
 * RawProfile. Slower than decode-fast.ts (it builds an object per sample, location, line and
 * string); kept as the yardstick the fast decoder is tested against.
 */
import { Profile } from 'pprof-format';
import { UsageError } from '../errors.js';
import type { RawProfile } from './model.js';

/** pprof-format gives number | bigint (bigint beyond 2^53); the model uses numbers. */
const num = (v: number | bigint | undefined): number => (v === undefined ? 0 : Number(v));

export function decodeRawReference(buf: Uint8Array): RawProfile {
  let p: Profile;
  try {
    p = Profile.decode(buf);
  } catch (error) {
    throw new UsageError(`not a pprof profile: ${error instanceof Error ? error.message : error}`);
  }
  const strings = p.stringTable.strings;
  const locationLineStart = new Int32Array(p.location.length + 1);
  let lines = 0;
  p.location.forEach((l, i) => {
    locationLineStart[i] = lines;
    lines += l.line.length;
  });
  locationLineStart[p.location.length] = lines;
  const lineFunction = new Float64Array(lines);
  const lineNumber = new Float64Array(lines);
  let k = 0;
  for (const l of p.location) {
    for (const line of l.line) {
      lineFunction[k] = num(line.functionId);
      lineNumber[k] = num(line.line);
      k++;
    }
  }
  const sampleLocationStart = new Int32Array(p.sample.length + 1);
  const sampleValueStart = new Int32Array(p.sample.length + 1);
  let nLocs = 0;
  let nValues = 0;
  p.sample.forEach((s, i) => {
    sampleLocationStart[i] = nLocs;
    sampleValueStart[i] = nValues;
    nLocs += s.locationId.length;
    nValues += s.value.length;
  });
  sampleLocationStart[p.sample.length] = nLocs;
  sampleValueStart[p.sample.length] = nValues;
  const sampleLocationIds = new Float64Array(nLocs);
  const sampleValues = new Float64Array(nValues);
  p.sample.forEach((s, i) => {
    s.locationId.forEach((id, j) => {
      sampleLocationIds[sampleLocationStart[i]! + j] = num(id);
    });
    s.value.forEach((v, j) => {
      sampleValues[sampleValueStart[i]! + j] = num(v);
    });
  });
  return {
    stringCount: strings.length,
    string: (i) => strings[i] ?? '',
    sampleTypes: p.sampleType.map((t) => [num(t.type), num(t.unit)]),
    defaultSampleType: num(p.defaultSampleType),
    periodType: p.periodType ? [num(p.periodType.type), num(p.periodType.unit)] : null,
    period: num(p.period),
    functionCount: p.function.length,
    functionId: Float64Array.from(p.function, (f) => num(f.id)),
    functionName: Float64Array.from(p.function, (f) => num(f.name)),
    functionFile: Float64Array.from(p.function, (f) => num(f.filename)),
    locationCount: p.location.length,
    locationId: Float64Array.from(p.location, (l) => num(l.id)),
    locationAddress: Float64Array.from(p.location, (l) => num(l.address)),
    locationLineStart,
    lineFunction,
    lineNumber,
    sampleCount: p.sample.length,
    sampleLocationStart,
    sampleLocationIds,
    sampleValueStart,
    sampleValues,
  };
}
