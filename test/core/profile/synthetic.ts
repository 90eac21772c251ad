/**
 * Small synthetic profiles, encoded with pprof-format's encoder, for unit and property tests.
 * A frame is "name" or "name:line"; a location is one frame or several (inlined calls,
 * innermost first, as in pprof); a stack is a list of locations, leaf first.
 */
import { gzipSync } from 'node:zlib';
import {
  Line,
  Location,
  Function as PprofFunction,
  Profile,
  Sample,
  StringTable,
  ValueType,
} from 'pprof-format';

export type SynthLocation = string | string[];

export interface SynthSample {
  stack: SynthLocation[];
  values: number[];
}

export interface SynthProfile {
  sampleTypes: Array<[type: string, unit: string]>;
  samples: SynthSample[];
  defaultSampleType?: string;
  period?: [type: string, unit: string];
}

export const HEAP_TYPES: Array<[string, string]> = [
  ['alloc_objects', 'count'],
  ['alloc_space', 'bytes'],
  ['inuse_objects', 'count'],
  ['inuse_space', 'bytes'],
];
export const GOROUTINE_TYPES: Array<[string, string]> = [['goroutine', 'count']];

export function fileOf(name: string): string {
  const pkg = name.slice(0, name.indexOf('.', name.lastIndexOf('/') + 1));
  return `/src/${pkg}/${pkg.split('/').pop()}.go`;
}

export function encodeProfile(spec: SynthProfile, gzip = true): Uint8Array {
  const strings = new StringTable();
  const s = (text: string) => strings.dedup(text);
  const functions = new Map<string, PprofFunction>();
  const locations = new Map<string, Location>();
  const fn = (name: string) => {
    let f = functions.get(name);
    if (!f) {
      f = new PprofFunction({
        id: functions.size + 1,
        name: s(name),
        systemName: s(name),
        filename: s(fileOf(name)),
      });
      functions.set(name, f);
    }
    return f;
  };
  const location = (loc: SynthLocation): number => {
    const frames = typeof loc === 'string' ? [loc] : loc;
    const key = frames.join('|');
    let l = locations.get(key);
    if (!l) {
      const lines = frames.map((frame) => {
        const [name, line] = frame.split(':') as [string, string | undefined];
        return new Line({ functionId: fn(name).id, line: Number(line ?? 1) });
      });
      l = new Location({
        id: locations.size + 1,
        address: 0x1000 + locations.size * 8,
        line: lines,
      });
      locations.set(key, l);
    }
    return Number(l.id);
  };
  const samples = spec.samples.map(
    (sample) => new Sample({ locationId: sample.stack.map(location), value: sample.values }),
  );
  const period = spec.period ?? ['space', 'bytes'];
  const profile = new Profile({
    sampleType: spec.sampleTypes.map(
      ([type, unit]) => new ValueType({ type: s(type), unit: s(unit) }),
    ),
    sample: samples,
    location: [...locations.values()],
    function: [...functions.values()],
    stringTable: strings,
    periodType: new ValueType({ type: s(period[0]), unit: s(period[1]) }),
    period: 1,
    ...(spec.defaultSampleType && { defaultSampleType: s(spec.defaultSampleType) }),
  });
  const bytes = profile.encode();
  return gzip ? gzipSync(bytes) : bytes;
}
