import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  COMMAND_OPTIONS,
  optionName,
  optionNotTaken,
} from '../../../source/core/command/command-options.js';

test('optionName: the name of an option argument, null for anything else', () => {
  assert.equal(optionName('--fail-on-growth=10MiB'), 'fail-on-growth');
  assert.equal(optionName('--no-ascii'), 'ascii');
  assert.equal(optionName('--trace=-'), 'trace');
  assert.equal(optionName('-'), null);
  assert.equal(optionName('5s,20s'), null);
  assert.equal(optionName('trace'), null);
});

test('each command takes its own options and refuses the others', () => {
  assert.equal(optionNotTaken('run', ['run', '--marks', '5s,20s', '--report=r.json']), null);
  assert.equal(optionNotTaken('attach', ['attach', '--trace=-', '--pprof', 'http://x']), null);
  assert.equal(optionNotTaken('trace', ['trace', 'log', '--json', '--help']), null);
  assert.equal(optionNotTaken('replay', ['replay', 'dir', '--no-ascii']), null);
  assert.equal(
    optionNotTaken('replay', ['replay', 'dir', '--json']),
    '--json does not apply to replay (it takes --ascii); run gcdiff --help',
  );
  assert.match(
    optionNotTaken('trace', ['trace', 'log', '--heapdump']) ?? '',
    /^--heapdump does not apply to trace /,
  );
  assert.match(
    optionNotTaken('run', ['run', '--trace=x']) ?? '',
    /^--trace does not apply to run /,
  );
  assert.match(
    optionNotTaken('attach', ['attach', '--precise']) ?? '',
    /^--precise does not apply to attach /,
  );
  assert.equal(optionNotTaken('no-such-command', ['--json']), null);
});

test('every command named in the table takes help', () => {
  for (const command of Object.keys(COMMAND_OPTIONS)) {
    assert.equal(optionNotTaken(command, [command, '--help']), null, command);
  }
});
