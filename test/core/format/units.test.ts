import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counted } from '../../../source/core/format/units.js';

test('counted: singular for one, plural otherwise, irregular plurals given', () => {
  assert.equal(counted(1, 'cycle'), '1 cycle');
  assert.equal(counted(0, 'cycle'), '0 cycles');
  assert.equal(counted(240, 'line'), '240 lines');
  assert.equal(counted(1, 'match', 'matches'), '1 match');
  assert.equal(counted(3, 'match', 'matches'), '3 matches');
});
