import { UsageError } from '../errors.js';
import type { ProfileKind, ProfileModel, RawProfile, SampleType } from './model.js';

/** Maps sparse numeric ids (pprof ids are uint64, usually 1..n) to dense indices. */
class IdIndex {
  private readonly dense: Int32Array | null;
  private readonly sparse: Map<number, number> | null;

  constructor(ids: Float64Array, count: number, what: string) {
    let max = 0;
    let dense = true;
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      if (!(id >= 1 && Number.isInteger(id))) dense = false;
      else if (id > max) max = id;
    }
    if (dense && max <= count * 4 + 1024) {
      const table = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < count; i++) {
        const id = ids[i]!;
        if (table[id] !== -1)
          throw new UsageError(`not a valid pprof profile: duplicate ${what} id ${id}`);
        table[id] = i;
      }
      this.dense = table;
      this.sparse = null;
    } else {
      const map = new Map<number, number>();
      for (let i = 0; i < count; i++) {
        const id = ids[i]!;
        if (id === 0) throw new UsageError(`not a valid pprof profile: ${what} id 0`);
        if (map.has(id))
          throw new UsageError(`not a valid pprof profile: duplicate ${what} id ${id}`);
        map.set(id, i);
      }
      this.dense = null;
      this.sparse = map;
    }
  }

  get(id: number): number {
    if (this.dense) return id >= 0 && id < this.dense.length ? this.dense[id]! : -1;
    return this.sparse!.get(id) ?? -1;
  }
}

function kindOf(sampleTypes: SampleType[]): ProfileKind {
  if (sampleTypes.length === 1 && sampleTypes[0]!.type === 'goroutine') return 'goroutine';
  if (sampleTypes.some((t) => t.type === 'inuse_space' || t.type === 'alloc_space')) return 'heap';
  return 'other';
}

/** Normalises a decoded profile: resolves ids and strings, deduplicates functions and frames. */
export function buildModel(raw: RawProfile): ProfileModel {
  const str = (index: number, what: string): string => {
    if (!(index >= 0 && index < raw.stringCount && Number.isInteger(index))) {
      throw new UsageError(
        `not a valid pprof profile: ${what} refers to string ${index}, out of range`,
      );
    }
    return raw.string(index);
  };
  if (raw.stringCount === 0 || raw.string(0) !== '') {
    throw new UsageError('not a pprof profile: its string table does not start with ""');
  }
  const sampleTypes = raw.sampleTypes.map(([t, u]) => ({
    type: str(t, 'a sample type'),
    unit: str(u, 'a sample unit'),
  }));
  if (sampleTypes.length === 0) throw new UsageError('not a pprof profile: it has no sample types');
  const nTypes = sampleTypes.length;
  const defaultSampleType = raw.defaultSampleType
    ? str(raw.defaultSampleType, 'default_sample_type')
    : null;
  const periodType = raw.periodType
    ? { type: str(raw.periodType[0], 'period type'), unit: str(raw.periodType[1], 'period unit') }
    : null;

  // Functions, deduplicated by (name, file).
  const functionName: string[] = [];
  const functionFile: string[] = [];
  const functionByKey = new Map<string, number>();
  const functionOfRaw = new Int32Array(raw.functionCount);
  const internFunction = (name: string, file: string): number => {
    const key = `${name}\u0000${file}`;
    let index = functionByKey.get(key);
    if (index === undefined) {
      index = functionName.length;
      functionName.push(name);
      functionFile.push(file);
      functionByKey.set(key, index);
    }
    return index;
  };
  for (let i = 0; i < raw.functionCount; i++) {
    functionOfRaw[i] = internFunction(
      str(raw.functionName[i]!, 'a function name'),
      str(raw.functionFile[i]!, 'a function file'),
    );
  }
  const functionIds = new IdIndex(raw.functionId, raw.functionCount, 'function');

  // Frames, deduplicated by (function, line); locations become runs of frames.
  const frameFunction: number[] = [];
  const frameLine: number[] = [];
  const frameByKey = new Map<number, number>();
  const internFrame = (fn: number, line: number): number => {
    const clamped = line >= 0 && line <= 0x7fffffff ? line : 0;
    const key = fn * 0x80000000 + clamped;
    let index = frameByKey.get(key);
    if (index === undefined) {
      index = frameFunction.length;
      frameFunction.push(fn);
      frameLine.push(clamped);
      frameByKey.set(key, index);
    }
    return index;
  };
  const locationFrameStart = new Int32Array(raw.locationCount + 1);
  const locationFramesList: number[] = [];
  for (let i = 0; i < raw.locationCount; i++) {
    locationFrameStart[i] = locationFramesList.length;
    const start = raw.locationLineStart[i]!;
    const end = raw.locationLineStart[i + 1]!;
    if (start === end) {
      // Not symbolized: pprof names such a frame by its address.
      const address = raw.locationAddress[i]!;
      const fn = internFunction(`0x${address.toString(16)}`, '');
      locationFramesList.push(internFrame(fn, 0));
      continue;
    }
    for (let l = start; l < end; l++) {
      const id = raw.lineFunction[l]!;
      const rawFn = functionIds.get(id);
      let fn: number;
      if (rawFn >= 0) fn = functionOfRaw[rawFn]!;
      else if (id === 0) fn = internFunction('?', '');
      else
        throw new UsageError(
          `not a valid pprof profile: a location refers to function ${id}, which is missing`,
        );
      locationFramesList.push(internFrame(fn, raw.lineNumber[l]!));
    }
  }
  locationFrameStart[raw.locationCount] = locationFramesList.length;
  const locationIds = new IdIndex(raw.locationId, raw.locationCount, 'location');

  // Samples.
  const n = raw.sampleCount;
  const sampleLocationStart = new Int32Array(n + 1);
  const sampleLocations = new Int32Array(raw.sampleLocationStart[n] ?? 0);
  const values: Float64Array[] = [];
  for (let t = 0; t < nTypes; t++) values.push(new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const start = raw.sampleLocationStart[i]!;
    const end = raw.sampleLocationStart[i + 1]!;
    sampleLocationStart[i] = start;
    for (let s = start; s < end; s++) {
      const loc = locationIds.get(raw.sampleLocationIds[s]!);
      if (loc < 0) {
        throw new UsageError(
          `not a valid pprof profile: a sample refers to location ${raw.sampleLocationIds[s]}, which is missing`,
        );
      }
      sampleLocations[s] = loc;
    }
    const vStart = raw.sampleValueStart[i]!;
    const vEnd = raw.sampleValueStart[i + 1]!;
    if (vEnd - vStart !== nTypes) {
      throw new UsageError(
        `not a valid pprof profile: a sample has ${vEnd - vStart} values for ${nTypes} sample types`,
      );
    }
    for (let t = 0; t < nTypes; t++) values[t]![i] = raw.sampleValues[vStart + t]!;
  }
  sampleLocationStart[n] = sampleLocations.length;

  return {
    kind: kindOf(sampleTypes),
    sampleTypes,
    defaultSampleType,
    periodType,
    period: raw.period,
    functionName,
    functionFile,
    frameFunction: Int32Array.from(frameFunction),
    frameLine: Int32Array.from(frameLine),
    locationFrameStart,
    locationFrames: Int32Array.from(locationFramesList),
    sampleCount: n,
    sampleLocationStart,
    sampleLocations,
    values,
  };
}
