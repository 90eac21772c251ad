import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
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
