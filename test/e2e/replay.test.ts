import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { TimelineStore } from '../../source/core/timeline/store.js';
import { ProfileDiffSource } from '../../source/io/diff-source.js';
import { loadSession } from '../../source/io/session-reader.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';

const shipped = path.join(ROOT, 'demo', 'session');

test('the shipped session loads through the live ingest path, with its marks and their profiles', async () => {
  const store = new TimelineStore();
  const loaded = await loadSession(shipped, store);
  assert.equal(loaded.badLines, 0);
  const snap = store.getSnapshot();
  assert.ok(snap.cycleTotal > 50, `only ${snap.cycleTotal} cycles`);
  assert.equal(snap.gaps, 0);
  assert.ok(snap.output.length > 10, 'the program output was replayed too');
  assert.deepEqual(
    snap.marks.map((m) => [m.label, m.status]),
    [
      ['A', 'ok'],
      ['B', 'ok'],
    ],
  );
  const diffs = new ProfileDiffSource(store);
  const request = {
    a: 1,
    b: 2,
    sampleType: 'inuse_space' as const,
    by: 'func' as const,
    filter: '',
  };
  let state = diffs.get(request);
  for (let i = 0; i < 100 && state.status === 'loading'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    state = diffs.get(request);
  }
  assert.equal(state.status, 'ready', JSON.stringify(state));
  if (state.status === 'ready') assert.equal(state.diff.rows[0]?.name, 'main.(*auditLog).record');
});

test('replay without a terminal prints the session summary', async () => {
  const r = await runCli(['replay', shipped]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^cycles\s+\d+ in 1 process/m);
});

test('npm run demo falls back to the shipped session when go is missing, and says so', async () => {
  const r = await runCli(['demo'], { env: { PATH: path.dirname(process.execPath) } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /go is not installed/);
  assert.match(r.stderr, /^cycles\s+\d+/m);
});

test('replay: bad session directories get one line and exit 2', async () => {
  for (const dir of ['/no/such/dir', ROOT, path.join(shipped, 'meta.json')]) {
    const r = await runCli(['replay', dir]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('replay in a real terminal: charts, the recorded marks, and their diff', {
  skip: !tmuxAvailable(),
}, async (t) => {
  const tmux = new TmuxSession(120, 40);
  t.after(() => tmux.kill());
  const { gcdiffArgv } = await import('../helpers/cli.js');
  // A shell stays in the pane after gcdiff exits, so the state gcdiff left can be read.
  const command = [...gcdiffArgv(), 'replay', shipped]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  tmux.start(
    ['sh', '-c', `${command}; echo gcdiff-exited; exec sleep 60`],
    { CI: process.env.CI },
    ROOT,
  );
  await tmux.waitFor((s) => /STW pause/.test(s) && /A #1/.test(s), 20_000, 'charts and marks');
  tmux.sendKeys('d');
  const screen = await tmux.waitFor(
    (s) => s.includes('main.(*auditLog).record'),
    20_000,
    'the diff of A and B',
  );
  assert.match(screen, /retained growth/);
  tmux.sendKeys('q');
  // The terminal's state once gcdiff is gone: main screen, cursor visible.
  const after = await tmux.waitFor((s) => s.includes('gcdiff-exited'), 15_000, 'gcdiff to exit');
  // A replay only reads the session: it does not claim to have saved it.
  assert.doesNotMatch(after, /session saved/);
  assert.equal(tmux.paneVar('alternate_on'), '0');
  assert.equal(tmux.paneVar('cursor_flag'), '1');
});
