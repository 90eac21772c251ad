import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LogTail, TailPoller } from '../../source/io/log-tail.js';

function tempLog(): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-tail-'));
  const file = path.join(dir, 'stderr.log');
  writeFileSync(file, '');
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a tail reads what is appended, once, in order, across polls', (t) => {
  const log = tempLog();
  t.after(log.remove);
  const got: string[] = [];
  const tail = new LogTail(log.file, (chunk) => got.push(chunk.toString('utf8')));
  assert.equal(tail.poll(), 0);
  appendFileSync(log.file, 'gc 1 @0.001s\n');
  assert.equal(tail.poll(), 13);
  appendFileSync(log.file, 'hello ');
  appendFileSync(log.file, 'world\n');
  tail.poll();
  assert.equal(tail.poll(), 0, 'nothing twice');
  assert.equal(got.join(''), 'gc 1 @0.001s\nhello world\n');
  tail.close();
});

test('a big append arrives whole, in buffer-sized chunks, and drain reads it all', (t) => {
  const log = tempLog();
  t.after(log.remove);
  const big = 'x'.repeat(1_000_003);
  appendFileSync(log.file, big);
  let n = 0;
  let chunks = 0;
  const tail = new LogTail(log.file, (chunk) => {
    n += chunk.length;
    chunks++;
  });
  tail.drain();
  assert.equal(n, big.length);
  assert.ok(chunks >= 4, `${chunks} chunks`);
  tail.close();
});

test('the poller skips reading while mayRead says no; the bytes wait in the file', (t) => {
  const log = tempLog();
  t.after(log.remove);
  let got = '';
  let open = false;
  const poller = new TailPoller(
    [new LogTail(log.file, (chunk) => (got += chunk.toString('utf8')))],
    50,
    () => open,
  );
  appendFileSync(log.file, 'waiting\n');
  poller.pollAll();
  assert.equal(got, '', 'held back');
  open = true;
  poller.pollAll();
  assert.equal(got, 'waiting\n');
  open = false;
  appendFileSync(log.file, 'last words\n');
  poller.stop();
  assert.equal(got, 'waiting\nlast words\n', 'stop reads what is left regardless');
});
