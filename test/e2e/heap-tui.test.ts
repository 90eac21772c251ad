/**
 * "Why is it still alive" in a real terminal (tmux) around the real demo/families:
 * `run --heapdump --precise`, two marks, the diff shows main.newFamily, enter shows its
 * retention path from the global main.households, tab reaches the reference-cycles view
 * with the main.newFamily group, and q leaves the terminal as it found it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gcdiffArgv, ROOT } from '../helpers/cli.js';
import { buildGoProgram, type GoBuild } from '../helpers/go-build.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

/** One argument for `sh -c`, quoted. */
const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

let families: GoBuild;

describe('heap graph in the TUI around demo/families', { skip }, () => {
  before(async () => {
    families = await buildGoProgram('families');
  });
  after(async () => {
    await families?.cleanup();
  });

  for (const size of [
    { columns: 80, rows: 24, ci: 'true' },
    { columns: 200, rows: 50, ci: undefined },
  ]) {
    it(`${size.columns}x${size.rows}: marks, diff, retention path, reference cycles, q restores`, async (t) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'gcdiff-heap-tui-'));
      const tmux = new TmuxSession(size.columns, size.rows);
      t.after(async () => {
        tmux.kill();
        await rm(dir, { recursive: true, force: true });
      });
      const argv = [
        ...gcdiffArgv(),
        'run',
        '--heapdump',
        '--precise',
        '--ascii',
        '--session',
        path.join(dir, 'session'),
        '--',
        families.binary,
      ];
      // The pane outlives gcdiff, so the terminal it left behind can be read.
      const cmd = `${argv.map(quote).join(' ')}; echo gcdiff-exited; exec sleep 60`;
      tmux.start(['sh', '-c', cmd], { CI: size.ci, TERM: 'xterm-256color' }, ROOT);
      await tmux.waitForPane('alternate_on', '1', 30_000);
      await tmux.waitFor(
        (s) => /pprof http/.test(s) && /[1-9]\d* cycles/.test(s),
        45_000,
        'the program up',
      );

      tmux.sendKeys('m');
      await tmux.waitFor((s) => /A #1 gc \S+ ok/.test(s), 60_000, 'mark A captured');
      // Some growth between the marks, so the leak stands out from one-time allocations.
      await new Promise((r) => setTimeout(r, 2000));
      tmux.sendKeys('m');
      const diff = await tmux.waitFor(
        (s) => /B #2 gc \S+ ok/.test(s) && s.includes('inuse space'),
        60_000,
        'mark B captured and the diff open',
      );
      // Select the main.newFamily row (the leak; usually the first).
      const table = diff.split('\n');
      const head = table.findIndex((l) => /delta%\s+(cum delta\s+)?function/.test(l));
      const row = table.slice(head + 1).findIndex((l) => / main\.newFamily$/.test(l));
      assert.ok(head > 0 && row >= 0, `the diff shows main.newFamily:\n${diff}`);
      for (let i = 0; i < row; i++) tmux.sendKeys('j');
      await tmux.waitFor(
        (s) => /^> .* main\.newFamily$/m.test(s),
        10_000,
        'main.newFamily selected',
      );

      tmux.sendKeys('Enter');
      const why = await tmux.waitFor(
        (s) => /root global main\.households/.test(s),
        90_000,
        'the retention path of main.newFamily',
      );
      const lines = why.split('\n');
      const heading = lines.findIndex((l) => l.startsWith('why alive: main.newFamily'));
      assert.ok(heading > 0, `the panel:\n${why}`);
      assert.match(lines[heading] ?? '', /new objects .* retains /);
      assert.match(lines[heading + 1] ?? '', /^ +0 root global main\.households/);
      assert.ok(
        lines.some((l) => / obj +.*-> main\.newFamily object/.test(l)),
        `the path ends at a main.newFamily object:\n${why}`,
      );
      assert.ok(lines.length <= size.rows && lines.every((l) => l.length <= size.columns));

      tmux.sendKeys('Tab');
      const refs = await tmux.waitFor(
        (s) => s.includes('member allocation sites'),
        30_000,
        'the reference-cycles view',
      );
      assert.ok(refs.includes('reference cycles with new objects'));
      assert.ok(
        refs
          .split('\n')
          .some((l) => /^[> ] +[\d,]+ +[\d,]+ +\S+ +[\d,]+ +main\.newFamily$/.test(l)),
        `a cycle group of main.newFamily:\n${refs}`,
      );
      tmux.sendKeys('Enter');
      await tmux.waitFor((s) => s.includes('example cycle'), 10_000, 'the example path');

      tmux.sendKeys('q');
      await tmux.waitFor((s) => s.includes('gcdiff-exited'), 30_000, 'gcdiff to exit');
      assert.equal(tmux.paneVar('alternate_on'), '0', 'the alternate screen is left');
      assert.equal(tmux.paneVar('cursor_flag'), '1', 'the cursor is shown again');
    });
  }
});
