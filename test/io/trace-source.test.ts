import assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../../source/core/errors.js';
import { followFile } from '../../source/io/trace-source.js';

const until = async (ok: () => boolean, what: string) => {
  const deadline = Date.now() + 3000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('followFile reads what is there, then what is appended, across truncation and rotation', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-follow-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'app.log');
  writeFileSync(file, 'gc 1 @0.001s\n');
  let got = '';
  const source = followFile(file, (text) => (got += text), 10);
  t.after(() => source.close());
  assert.equal(got, 'gc 1 @0.001s\n', 'what was there, at once');

  appendFileSync(file, 'gc 2 ');
  appendFileSync(file, '@0.002s\n');
  await until(() => got.endsWith('gc 2 @0.002s\n'), 'the appended line');

  // Truncated in place (copytruncate): read again from the start.
  truncateSync(file, 0);
  await new Promise((r) => setTimeout(r, 50));
  appendFileSync(file, 'after truncate\n');
  await until(() => got.endsWith('after truncate\n'), 'the line after truncation');

  // Rotated by rename: the rest of the old file, then the new file from its start.
  appendFileSync(file, 'last of old\n');
  renameSync(file, `${file}.1`);
  writeFileSync(file, 'first of new\n');
  await until(() => got.endsWith('first of new\n'), 'the new file');
  assert.equal(
    got,
    'gc 1 @0.001s\ngc 2 @0.002s\nafter truncate\nlast of old\nfirst of new\n',
    'every line once, in order',
  );

  // A UTF-8 character split across two appends comes out whole.
  appendFileSync(file, Buffer.from([0xc2]));
  await new Promise((r) => setTimeout(r, 40));
  appendFileSync(file, Buffer.from([0xb5, 0x0a]));
  await until(() => got.endsWith('µ\n'), 'the split character');
});

test('followFile refuses a missing file and a directory with a UsageError', () => {
  assert.throws(() => followFile('/nonexistent/gcdiff.log', () => {}), UsageError);
  assert.throws(() => followFile(tmpdir(), () => {}), /not a regular file/);
});
