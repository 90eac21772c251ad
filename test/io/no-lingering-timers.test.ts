/**
 * Once a run is over, nothing gcdiff started may keep Node's event loop alive: a timer
 * left behind holds the process open, and `gcdiff run -- <program>` then exits seconds
 * after its program (it did: an uncleared 2 s wait in the child's stop, and the pprof
 * locator's poll pause of up to 5 s).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TimelineStore } from '../../source/core/timeline/store.js';
import { LiveRun } from '../../source/io/live-run.js';
import { PprofLocator } from '../../source/io/pprof-locator.js';
import { within } from '../../source/io/within.js';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-timers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('no timer outlives the work it waited for', () => {
  it('within() clears its timer whichever side wins', async () => {
    const before = timers();
    assert.equal(await within(Promise.resolve(7), 60_000), 7);
    assert.equal(timers(), before, 'the resolved wait left its timer');
    assert.equal(await within(new Promise<number>(() => {}), 5), null);
    assert.equal(timers(), before, 'the timed-out wait left its timer');
  });

  it('a LiveRun whose program has exited leaves no timer once stopped', async () => {
    const before = timers();
    const live = new LiveRun({
      argv: ['sleep', '0.1'],
      env: process.env,
      session: path.join(dir, 'live'),
    });
    const exited = new Promise((resolve) => live.onChildExit(resolve));
    await live.start();
    await exited;
    await live.stop();
    assert.equal(timers(), before, `timers left: ${process.getActiveResourcesInfo().join(', ')}`);
  });

  it('a PprofLocator stopped while it pauses between polls leaves no timer', async () => {
    const before = timers();
    const store = new TimelineStore();
    // A URL nothing serves (port 9 on loopback is closed): the locator pauses, then retries.
    const locator = new PprofLocator(store, 'http://127.0.0.1:9', () => 0);
    locator.locate(null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(timers() > before, 'the locator should be pausing between polls');
    locator.stop();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(timers(), before, `timers left: ${process.getActiveResourcesInfo().join(', ')}`);
  });
});
