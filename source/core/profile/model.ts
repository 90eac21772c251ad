/**
 * The normalised profile model: a pprof profile reduced to what diffs need, laid out in
 * typed arrays so that grouping 150k samples is a few tight loops.
 *
 * - Strings are resolved: functions carry their name and file.
 * - Functions are deduplicated by (name, file), frames by (function, line).
 * - A pprof Location with inlined calls has several Lines, the first one innermost. pprof
 *   treats every line as its own frame, and so does this model: a location maps to a run of
 *   frames, leaf first.
 * - Stacks are runs of location indices, leaf first.
 * - Values are JavaScript numbers (int64 values beyond 2^53 lose precision; profiles never
 *   get there: 2^53 bytes is 8 PiB).
 */

export interface SampleType {
  type: string;
  unit: string;
}

/** heap: a Go heap (or allocs) profile; goroutine: a goroutine profile; other: anything else. */
export type ProfileKind = 'heap' | 'goroutine' | 'other';

export interface ProfileModel {
  kind: ProfileKind;
  sampleTypes: SampleType[];
  /** The profile's default_sample_type, or null when it does not set one. */
  defaultSampleType: string | null;
  periodType: SampleType | null;
  period: number;
  /** Function index → name, e.g. "main.buildTree". */
  functionName: string[];
  /** Function index → source file ("" when unknown). */
  functionFile: string[];
  /** Frame index → function index. */
  frameFunction: Int32Array;
  /** Frame index → line number (0 when unknown). */
  frameLine: Int32Array;
  /** Location index → its frames: frames locationFrames[locationFrameStart[i] .. locationFrameStart[i+1]), leaf first. */
  locationFrameStart: Int32Array;
  locationFrames: Int32Array;
  sampleCount: number;
  /** Sample i's stack: locations sampleLocations[sampleLocationStart[i] .. sampleLocationStart[i+1]), leaf first. */
  sampleLocationStart: Int32Array;
  sampleLocations: Int32Array;
  /** values[t][i]: the value of sample type t for sample i. */
  values: Float64Array[];
}

/**
 * A profile as decoded from protobuf, before normalisation: ids not yet resolved, strings as
 * indices. Both decoders (the fast one and the pprof-format reference) produce this, and
 * `buildModel` turns it into a ProfileModel.
 */
export interface RawProfile {
  /** The string table; `string(i)` may decode lazily. */
  stringCount: number;
  string(index: number): string;
  sampleTypes: Array<[type: number, unit: number]>;
  defaultSampleType: number;
  periodType: [type: number, unit: number] | null;
  period: number;
  functionCount: number;
  functionId: Float64Array;
  functionName: Float64Array;
  functionFile: Float64Array;
  locationCount: number;
  locationId: Float64Array;
  locationAddress: Float64Array;
  /** Lines of location i: lineFunction/lineNumber[locationLineStart[i] .. locationLineStart[i+1]). */
  locationLineStart: Int32Array;
  lineFunction: Float64Array;
  lineNumber: Float64Array;
  sampleCount: number;
  /** Location ids of sample i: sampleLocationIds[sampleLocationStart[i] .. sampleLocationStart[i+1]). */
  sampleLocationStart: Int32Array;
  sampleLocationIds: Float64Array;
  /** Values of sample i: sampleValues[sampleValueStart[i] .. sampleValueStart[i+1]). */
  sampleValueStart: Int32Array;
  sampleValues: Float64Array;
}

export function sampleTypeIndex(profile: ProfileModel, type: string): number {
  return profile.sampleTypes.findIndex((t) => t.type === type);
}

/** Sum of one sample type over all samples. */
export function totalOf(profile: ProfileModel, typeIndex: number): number {
  const values = profile.values[typeIndex];
  if (!values) return 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

/** A frame for people: function, file, line. */
export interface Frame {
  name: string;
  file: string;
  line: number;
}

export function frameAt(profile: ProfileModel, frame: number): Frame {
  const fn = profile.frameFunction[frame] ?? 0;
  return {
    name: profile.functionName[fn] ?? '',
    file: profile.functionFile[fn] ?? '',
    line: profile.frameLine[frame] ?? 0,
  };
}

/** The frames of sample i, leaf first. */
export function sampleFrames(profile: ProfileModel, sample: number): number[] {
  const out: number[] = [];
  const end = profile.sampleLocationStart[sample + 1] ?? 0;
  for (let s = profile.sampleLocationStart[sample] ?? 0; s < end; s++) {
    const loc = profile.sampleLocations[s]!;
    const fEnd = profile.locationFrameStart[loc + 1]!;
    for (let f = profile.locationFrameStart[loc]!; f < fEnd; f++)
      out.push(profile.locationFrames[f]!);
  }
  return out;
}
