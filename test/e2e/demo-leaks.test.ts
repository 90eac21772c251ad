import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { RunReport } from '../../source/core/report/run-report.js';
import { runCli } from '../helpers/cli.js';
import { buildGoProgram } from '../helpers/go-build.js';

const MiB = 1024 * 1024;

/** Each demo's true leak site, as documented in demo/README.md. */
const cases: { demo: string; heapTop?: string; goroutineTop?: string; minGrowth?: number }[] = [
  { demo: 'cache', heapTop: 'main.(*cache).put' },
  {
    demo: 'goroutines',
    heapTop: 'main.(*client).fetch.func1',
    goroutineTop: 'main.(*client).fetch.func1',
    // 5 goroutines a second, each holding a 64 KiB result.
    minGrowth: 0.5 * 1024 * 1024,
  },
  { demo: 'closures', heapTop: 'main.(*server).handleUpload' },
  { demo: 'ctxchain', heapTop: 'main.(*worker).handle' },
  { demo: 'pool', heapTop: 'main.newBuffer' },
  { demo: 'waves', heapTop: 'main.(*auditLog).record' },
];

async function headlessReport(demo: string, marks: string): Promise<RunReport> {
  const build = await buildGoProgram(demo);
  const dir = mkdtempSync(path.join(tmpdir(), `gcdiff-${demo}-`));
  try {
    const report = path.join(dir, 'report.json');
    const r = await runCli([
      'run',
      '--marks',
      marks,
      '--report',
      report,
      '--session',
      path.join(dir, 's'),
      '--',
      build.binary,
    ]);
    assert.equal(r.code, 0, `${demo}: ${r.stderr}`);
    return JSON.parse(readFileSync(report, 'utf8')) as RunReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("headless marks find every demo's true leak site on top", { concurrency: 3 }, async (t) => {
  const subtests: Promise<void>[] = [];
  for (const c of cases) {
    const sub = t.test(c.demo, async () => {
      const report = await headlessReport(c.demo, '2s,7s');
      assert.equal(report.marks.length, 2);
      assert.ok(
        report.marks.every((m) => m.status === 'ok' && m.gc !== null && m.heap && m.goroutine),
      );
      if (c.heapTop) {
        const top = report.heap?.rows[0];
        assert.equal(top?.name, c.heapTop, JSON.stringify(report.heap?.rows.slice(0, 3)));
        const min = c.minGrowth ?? 2 * MiB;
        assert.ok((top?.flat.delta ?? 0) > min, `${c.demo} grew only ${top?.flat.delta} bytes`);
      }
      if (c.goroutineTop) {
        const top = report.goroutines?.rows[0];
        assert.equal(
          top?.name,
          c.goroutineTop,
          JSON.stringify(report.goroutines?.rows.slice(0, 3)),
        );
        assert.ok((top?.flat.delta ?? 0) >= 10, `only ${top?.flat.delta} more goroutines`);
      }
    });
    subtests.push(sub);
  }
  const control = t.test('steady (the control): nothing grows beyond noise', async () => {
    const report = await headlessReport('steady', '2s,7s');
    const growing = (report.heap?.rows ?? []).filter((r) => r.flat.delta > 2 * MiB);
    assert.deepEqual(growing, [], 'no site grows by more than 2 MiB');
    assert.ok((report.heap?.total.delta ?? 0) < 2 * MiB);
    assert.ok((report.goroutines?.rows ?? []).every((r) => Math.abs(r.flat.delta) <= 2));
  });
  await Promise.all([...subtests, control]);
});
