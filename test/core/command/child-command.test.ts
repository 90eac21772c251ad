import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  godebugSetting,
  mergeGodebug,
  planChild,
  quoteForGo,
} from '../../../source/core/command/child-command.js';

test('GODEBUG: ours is added after the user settings, which are kept', () => {
  assert.equal(mergeGodebug(undefined), 'gctrace=1');
  assert.equal(mergeGodebug('madvdontneed=1'), 'madvdontneed=1,gctrace=1');
  assert.equal(mergeGodebug('gctrace=0,x=1'), 'gctrace=0,x=1,gctrace=1');
  assert.equal(godebugSetting(mergeGodebug('gctrace=0,x=1'), 'gctrace'), '1');
  assert.equal(mergeGodebug('gctrace=2'), 'gctrace=2', 'a higher level the user chose is kept');
  assert.equal(mergeGodebug('a=1', { precise: true }), 'a=1,gctrace=1,memprofilerate=1');
});

test('a plain binary gets GODEBUG directly', () => {
  const plan = planChild(['./server', '-port', '8080'], { PATH: '/bin', GODEBUG: 'x=1' });
  assert.equal(plan.file, './server');
  assert.deepEqual(plan.args, ['-port', '8080']);
  assert.equal(plan.env.GODEBUG, 'x=1,gctrace=1');
  assert.equal(plan.viaGoExec, false);
});

test('go run: GODEBUG goes to the built program through -exec, not to the toolchain', () => {
  const plan = planChild(['go', 'run', '-race', './cmd/server', '-v'], { PATH: '/bin' });
  assert.equal(plan.file, 'go');
  assert.deepEqual(plan.args, [
    'run',
    '-exec=env GODEBUG=gctrace=1',
    '-race',
    './cmd/server',
    '-v',
  ]);
  assert.equal(plan.env.GODEBUG, undefined);
  assert.equal(plan.viaGoExec, true);
});

test('go test with user GODEBUG and precise; toolchain keeps the user settings minus gctrace', () => {
  const plan = planChild(
    ['go', 'test', './...'],
    { GODEBUG: 'gctrace=1,http2debug=1' },
    { precise: true },
  );
  assert.deepEqual(plan.args, [
    'test',
    '-exec=env GODEBUG=gctrace=1,http2debug=1,memprofilerate=1 GCDIFF_MEMPROFILERATE=1',
    './...',
  ]);
  assert.equal(plan.env.GODEBUG, 'http2debug=1');
});

test('a user -exec is chained after ours', () => {
  for (const form of [['-exec', 'sudo -E'], ['-exec=sudo -E']]) {
    const plan = planChild(['go', 'run', ...form, '.'], {});
    assert.deepEqual(plan.args, ['run', '-exec=env GODEBUG=gctrace=1 sudo -E', '.']);
  }
});

test('with heap dumps, a go run/test build keeps its symbol table (-s=false), user -ldflags kept', () => {
  const keep = { keepSymbols: true };
  assert.deepEqual(planChild(['go', 'run', './orm', '-v'], {}, keep).args, [
    'run',
    '-exec=env GODEBUG=gctrace=1',
    '-ldflags=-s=false',
    './orm',
    '-v',
  ]);
  for (const form of [
    ['-ldflags', '-X main.v=1'],
    ['-ldflags=-X main.v=1'],
    ['--ldflags=-X main.v=1'],
  ]) {
    const args = planChild(['go', 'test', '-race', ...form, '.'], {}, keep).args;
    assert.deepEqual(
      args.slice(2),
      ['-race', '-ldflags=-X main.v=1 -s=false', '.'],
      form.join(' '),
    );
  }
  // A per-package pattern is the user's business; the program's own -ldflags too.
  const pattern = planChild(['go', 'run', '-ldflags=main=-X x=1', '.', '-ldflags', 'y'], {}, keep);
  assert.deepEqual(pattern.args.slice(2), ['-ldflags=main=-X x=1', '.', '-ldflags', 'y']);
  // Without heap dumps, and for other commands, nothing changes.
  assert.deepEqual(planChild(['go', 'run', '.'], {}).args, [
    'run',
    '-exec=env GODEBUG=gctrace=1',
    '.',
  ]);
  assert.deepEqual(planChild(['./server'], {}, keep).args, []);
});

test('go build or go vet are not rewritten; quoting for go -exec', () => {
  assert.equal(planChild(['go', 'vet', '.'], {}).viaGoExec, false);
  assert.equal(quoteForGo('a b'), "'a b'");
  assert.equal(quoteForGo("it's"), `"it's"`);
  assert.equal(quoteForGo('plain'), 'plain');
  assert.throws(() => planChild([], {}));
});

test('run options: marks, timeout, growth limit, pprof URL', async () => {
  const { parseMarkTimes, parseTimeout, parseGrowthLimit, normalizePprofUrl } = await import(
    '../../../source/core/command/run-options.js'
  );
  assert.deepEqual(parseMarkTimes('5s, 20s,1m'), [5000, 20000, 60000]);
  assert.deepEqual(parseMarkTimes('500ms,2'), [500, 2000]);
  assert.throws(() => parseMarkTimes('5s,3s'), /must increase/);
  assert.throws(() => parseMarkTimes('soon'), /not a duration/);
  assert.equal(parseTimeout(undefined, 15000), 15000);
  assert.equal(parseTimeout('2.5s', 1), 2500);
  assert.throws(() => parseTimeout('0s', 1));
  assert.equal(parseGrowthLimit('10MiB'), 10 * 1024 * 1024);
  assert.equal(parseGrowthLimit(undefined), null);
  assert.throws(() => parseGrowthLimit('lots'));
  assert.equal(normalizePprofUrl('localhost:6060'), 'http://localhost:6060');
  assert.equal(normalizePprofUrl('http://127.0.0.1:6060/debug/pprof/'), 'http://127.0.0.1:6060');
  assert.equal(normalizePprofUrl('https://u:p@host/app/debug/pprof'), 'https://u:p@host/app');
  assert.throws(() => normalizePprofUrl('ftp://x'), /only http/);
});
