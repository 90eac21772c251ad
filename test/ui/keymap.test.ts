import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CURSOR_JUMP, keyHelp, keyToCommand, splitKeys } from '../../source/ui/keymap.js';

test('DESIGN.md keys map to their commands', () => {
  assert.deepEqual(keyToCommand('m', {}), { type: 'mark' });
  assert.deepEqual(keyToCommand(' ', {}), { type: 'mark' });
  assert.deepEqual(keyToCommand('', { leftArrow: true }), { type: 'cursor', by: -1 });
  assert.deepEqual(keyToCommand('', { rightArrow: true }), { type: 'cursor', by: 1 });
  assert.deepEqual(keyToCommand('h', {}), { type: 'cursor', by: -1 });
  assert.deepEqual(keyToCommand('l', {}), { type: 'cursor', by: 1 });
  assert.deepEqual(keyToCommand('', { upArrow: true }), { type: 'list', by: -1 });
  assert.deepEqual(keyToCommand('', { downArrow: true }), { type: 'list', by: 1 });
  assert.deepEqual(keyToCommand('k', {}), { type: 'list', by: -1 });
  assert.deepEqual(keyToCommand('j', {}), { type: 'list', by: 1 });
  assert.deepEqual(keyToCommand('', { return: true }), { type: 'open' });
  assert.deepEqual(keyToCommand('', { escape: true }), { type: 'back' });
  assert.deepEqual(keyToCommand('s', {}), { type: 'sampleType' });
  assert.deepEqual(keyToCommand('g', {}), { type: 'grouping' });
  assert.deepEqual(keyToCommand('/', {}), { type: 'filterStart' });
  assert.deepEqual(keyToCommand('', { tab: true }), { type: 'nextView' });
  assert.deepEqual(keyToCommand('', { tab: true, shift: true }), { type: 'prevView' });
  assert.deepEqual(keyToCommand('d', {}), { type: 'openDiff' });
  assert.deepEqual(keyToCommand('r', {}), { type: 'restart' });
  assert.deepEqual(keyToCommand('p', {}), { type: 'pause' });
  assert.deepEqual(keyToCommand('?', {}), { type: 'help' });
  assert.deepEqual(keyToCommand('q', {}), { type: 'quit' });
  assert.deepEqual(keyToCommand('c', { ctrl: true }), { type: 'quit' });
});

test('jumps: H/L and shift+arrows move by ten, 0/$ and home/end go to the ends', () => {
  assert.deepEqual(keyToCommand('H', { shift: true }), { type: 'cursor', by: -CURSOR_JUMP });
  assert.deepEqual(keyToCommand('L', { shift: true }), { type: 'cursor', by: CURSOR_JUMP });
  assert.deepEqual(keyToCommand('', { leftArrow: true, shift: true }), {
    type: 'cursor',
    by: -CURSOR_JUMP,
  });
  assert.deepEqual(keyToCommand('', { rightArrow: true, shift: true }), {
    type: 'cursor',
    by: CURSOR_JUMP,
  });
  assert.deepEqual(keyToCommand('0', {}), { type: 'cursorFirst' });
  assert.deepEqual(keyToCommand('$', {}), { type: 'cursorLast' });
  assert.deepEqual(keyToCommand('', { home: true }), { type: 'cursorFirst' });
  assert.deepEqual(keyToCommand('', { end: true }), { type: 'cursorLast' });
  assert.deepEqual(keyToCommand('', { pageDown: true }), { type: 'listPage', by: 1 });
  assert.deepEqual(keyToCommand('u', { ctrl: true }), { type: 'listPage', by: -1 });
  assert.deepEqual(keyToCommand('G', { shift: true }), { type: 'listBottom' });
});

test('unknown keys and modified letters do nothing', () => {
  assert.equal(keyToCommand('x', {}), null);
  assert.equal(keyToCommand('m', { ctrl: true }), null);
  assert.equal(keyToCommand('q', { meta: true }), null);
});

test('filter mode: letters are text, enter applies, esc cancels, q does not quit', () => {
  assert.deepEqual(keyToCommand('q', {}, 'filter'), { type: 'filterInput', text: 'q' });
  assert.deepEqual(keyToCommand('main.', {}, 'filter'), { type: 'filterInput', text: 'main.' });
  assert.deepEqual(keyToCommand(' ', {}, 'filter'), { type: 'filterInput', text: ' ' });
  assert.deepEqual(keyToCommand('', { return: true }, 'filter'), { type: 'filterApply' });
  assert.deepEqual(keyToCommand('', { escape: true }, 'filter'), { type: 'filterCancel' });
  assert.deepEqual(keyToCommand('', { backspace: true }, 'filter'), { type: 'filterBackspace' });
  assert.deepEqual(keyToCommand('', { delete: true }, 'filter'), { type: 'filterBackspace' });
  assert.deepEqual(keyToCommand('u', { ctrl: true }, 'filter'), { type: 'filterClear' });
  assert.equal(keyToCommand('', { leftArrow: true }, 'filter'), null);
  assert.equal(keyToCommand('\u001b[Z', {}, 'filter'), null);
  assert.deepEqual(keyToCommand('c', { ctrl: true }, 'filter'), { type: 'quit' });
});

test('the help list names every key of the table, ASCII-only with ascii', () => {
  const help = keyHelp(true);
  const keys = help.map((h) => h.keys).join(' ');
  for (const k of [
    'm',
    'h l',
    'H L',
    '0 $',
    'j k',
    'enter',
    'esc',
    's',
    'g',
    '/',
    'tab',
    'd',
    'r',
    'p',
    '?',
    'q',
  ]) {
    assert.ok(keys.includes(k), `help lists ${k}`);
  }
  for (const h of help) assert.match(`${h.keys} ${h.action}`, /^[\x20-\x7e]*$/);
});

test('splitKeys: characters that arrived together are keys of their own', () => {
  assert.deepEqual(splitKeys('j', {}), [['j', {}]]);
  assert.deepEqual(splitKeys('jjL', {}), [
    ['j', {}],
    ['j', {}],
    ['L', { shift: true }],
  ]);
  assert.deepEqual(splitKeys('a*\r\u007f\t\u0015', {}), [
    ['a', {}],
    ['*', {}],
    ['', { return: true }],
    ['', { backspace: true }],
    ['', { tab: true }],
    ['u', { ctrl: true }],
  ]);
  // Escape sequences and modified keys come whole from Ink and stay whole.
  assert.deepEqual(splitKeys('[D', { meta: true }), [['[D', { meta: true }]]);
  assert.deepEqual(splitKeys('µs', {}), [
    ['µ', {}],
    ['s', {}],
  ]);
  // Through keyToCommand: a typed filter and enter in one event apply the filter.
  const commands = splitKeys('ab\r', {}).map(([input, key]) => keyToCommand(input, key, 'filter'));
  assert.deepEqual(commands, [
    { type: 'filterInput', text: 'a' },
    { type: 'filterInput', text: 'b' },
    { type: 'filterApply' },
  ]);
});
