import fc from 'fast-check';
import { HEAP_TYPES, type SynthProfile, type SynthSample } from './synthetic.js';

const names = [
  'main.main',
  'main.grow',
  'main.leaf',
  'github.com/acme/store.(*DB).Get',
  'github.com/acme/store.newRow',
  'runtime.gopark',
  'runtime.chanrecv',
  'sync.runtime_Semacquire',
  'net/http.(*conn).serve',
];

export const frameArb = fc
  .tuple(fc.constantFrom(...names), fc.integer({ min: 1, max: 4 }))
  .map(([name, line]) => `${name}:${line}`);

/** One location: one frame, or up to three when calls were inlined. */
export const locationArb = fc.array(frameArb, { minLength: 1, maxLength: 3 });

export function sampleArb(types: number, minDepth = 1): fc.Arbitrary<SynthSample> {
  return fc.record({
    stack: fc.array(locationArb, { minLength: minDepth, maxLength: 7 }),
    values: fc.array(fc.integer({ min: 0, max: 1_000_000 }), {
      minLength: types,
      maxLength: types,
    }),
  });
}

export function heapProfileArb(minDepth = 1): fc.Arbitrary<SynthProfile> {
  return fc
    .array(sampleArb(HEAP_TYPES.length, minDepth), { minLength: 0, maxLength: 25 })
    .map((samples) => ({ sampleTypes: HEAP_TYPES, samples }));
}
