import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageError } from '../../source/core/errors.js';
import { SessionRecorder } from '../../source/io/session.js';

describe('SessionRecorder.create, default directory', () => {
  const state = mkdtempSync(path.join(tmpdir(), 'gcdiff-session-test-'));
  const saved = process.env.XDG_STATE_HOME;
  after(() => {
    if (saved === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = saved;
    rmSync(state, { recursive: true, force: true });
  });

  it('two sessions started in the same millisecond get two directories', async () => {
    process.env.XDG_STATE_HOME = state;
    const now = new Date('2026-12-05T07:39:02.005Z');
    const a = SessionRecorder.create(undefined, now);
    const b = SessionRecorder.create(undefined, now);
    const c = SessionRecorder.create(undefined, now);
    try {
      const root = path.join(state, 'gcdiff', 'sessions');
      assert.equal(a.dir, path.join(root, '2026-12-05T07-39-02-005Z'));
      assert.equal(b.dir, `${a.dir}-2`);
      assert.equal(c.dir, `${a.dir}-3`);
      for (const s of [a, b, c]) assert.equal(statSync(s.dir).mode & 0o777, 0o700);
      // Each has its own stderr.log.
      assert.notEqual(a.logPath('stderr'), b.logPath('stderr'));
    } finally {
      for (const s of [a, b, c]) await s.close();
    }
  });
});

describe('SessionRecorder.create, an explicit --session', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gcdiff-session-given-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a directory that holds a recording, and leaves it as it was', async () => {
    const first = SessionRecorder.create(path.join(root, 'rec'));
    first.writeMeta({ command: ['first'] });
    first.event({ t: 1, type: 'child', state: 'running', pid: 1 });
    await first.close();
    writeFileSync(first.logPath('stderr'), 'gc 1 @0.001s 0%: first run\n');
    const before = ['meta.json', 'events.jsonl', 'stderr.log'].map((f) =>
      readFileSync(path.join(first.dir, f), 'utf8'),
    );
    assert.throws(
      () => SessionRecorder.create(path.join(root, 'rec')),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message.startsWith(`cannot record into ${first.dir}: it holds a recording already (`),
    );
    const after = ['meta.json', 'events.jsonl', 'stderr.log'].map((f) =>
      readFileSync(path.join(first.dir, f), 'utf8'),
    );
    assert.deepEqual(after, before);
  });

  it('takes an empty directory, or one holding other files', async () => {
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    const other = path.join(root, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.txt'), 'mine\n');
    for (const dir of [empty, other]) {
      const s = SessionRecorder.create(dir);
      assert.equal(s.dir, dir);
      await s.close();
    }
    assert.equal(readFileSync(path.join(other, 'notes.txt'), 'utf8'), 'mine\n');
  });
});
