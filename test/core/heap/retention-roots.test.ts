/**
 * Which root a retention path starts at: a site's new objects are explained by a root that
 * lasts (a global) when one reaches them, even if a goroutine frame holds one of them more
 * directly; objects only a frame reaches keep the frame's path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDumps } from '../../../source/core/heap/analysis.js';
import { bytesSource } from '../../../source/core/heap/byte-source.js';
import { DumpWriter } from './dump-writer.js';

const LEAK = ['runtime.mallocgc', 'runtime.newobject', 'main.newFamily', 'main.main'];
const TEMP = ['runtime.mallocgc', 'runtime.newobject', 'main.scratch', 'main.main'];

/** Dump A: the global's slice only. */
function dumpA(): Uint8Array {
  return new DumpWriter()
    .params()
    .object(0x2000, [0, 0], [0, 1])
    .segment('bss', 0x600000, [0x2000], [0])
    .memStats()
    .eof();
}

/**
 * Dump B: global → 0x2000 (old) → 0x3000 and 0x3100 (new, main.newFamily). The running
 * main.newFamily frame holds 0x3200 (new, same site, not yet in the global) and 0x3100 (also
 * reached from the global); main.scratch's object 0x4000 is held by a frame only.
 */
function dumpB(): Uint8Array {
  return new DumpWriter()
    .params()
    .object(0x2000, [0x3000, 0x3100], [0, 1])
    .object(0x3000, [0, 0], [0, 1])
    .object(0x3100, [0, 0], [0, 1])
    .object(0x3200, [0, 0], [0, 1])
    .object(0x4000, [0, 0], [0, 1])
    .segment('bss', 0x600000, [0x2000], [0])
    .goroutine(1)
    .frame('main.newFamily', [0x3200, 0x3100, 0x4000], [0, 1, 2])
    .memStats()
    .memProf(0x8000, LEAK)
    .memProf(0x8100, TEMP)
    .allocSample(0x3000, 0x8000)
    .allocSample(0x3100, 0x8000)
    .allocSample(0x3200, 0x8000)
    .allocSample(0x4000, 0x8100)
    .eof();
}

test('a leak site is explained by the global that keeps it, not the frame holding its newest object', () => {
  const report = analyzeDumps(bytesSource(dumpA()), bytesSource(dumpB()));
  const leak = report.sites.find((s) => s.site.includes('main.newFamily'));
  assert.ok(leak, JSON.stringify(report.sites.map((s) => s.site)));
  assert.equal(leak.count, 3);
  assert.equal(leak.pathSteps[0]?.kind, 'global', JSON.stringify(leak.path));
  assert.equal(leak.pathSteps.length, 3, JSON.stringify(leak.path)); // global, 0x2000, a new object
  const temp = report.sites.find((s) => s.site.includes('main.scratch'));
  assert.ok(temp);
  assert.equal(temp.pathSteps[0]?.kind, 'stack', JSON.stringify(temp.path));
  assert.match(temp.path[0] ?? '', /goroutine 1/);
});
