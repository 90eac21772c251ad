import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatChange, parseAutogroup, parseChange } from '../../source/io/autogroup.js';

describe('autogroup text', () => {
  it('reads /proc/<pid>/autogroup as the kernel writes it', () => {
    assert.deepEqual(parseAutogroup('/autogroup-2343 nice 0\n'), {
      group: '/autogroup-2343',
      nice: 0,
    });
    assert.deepEqual(parseAutogroup('/autogroup-7 nice -5\n'), { group: '/autogroup-7', nice: -5 });
    assert.equal(parseAutogroup(''), null);
    assert.equal(parseAutogroup('/autogroup-7 nice x\n'), null);
  });

  it('passes a change to the watchdog and back', () => {
    const change = { group: '/autogroup-12', before: 0, after: 10 };
    assert.equal(formatChange(change), '/autogroup-12:0:10');
    assert.deepEqual(parseChange(formatChange(change)), change);
    assert.equal(parseChange(''), null);
    assert.equal(parseChange('/autogroup-12:0'), null);
    assert.equal(parseChange('12:0:10'), null);
  });
});
