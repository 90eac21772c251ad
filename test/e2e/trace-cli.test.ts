import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/gctrace/${name}`, import.meta.url));

test('trace --json prints the DESIGN.md shape for the real spliced fixture', async () => {
  const r = await runCli(['trace', fixture('spliced-log-go119.log'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as {
    cycles: { n: number; goalMiB: number; stacksMiB: number | null; process: number }[];
    output: string;
    processes: number;
    gaps: [number, number][];
    summary: { cycles: number };
  };
  assert.equal(json.processes, 1);
  assert.deepEqual(json.gaps, []);
  assert.deepEqual(
    json.cycles.map((c) => c.n),
    json.cycles.map((_, i) => i + 1),
  );
  assert.equal(json.summary.cycles, json.cycles.length);
  // The cycle whose goal was split by a log line (GO-RUNTIME.md): gc 151 had a 201 MB goal.
  assert.equal(json.cycles[150]?.goalMiB, 201);
  assert.ok(json.output.includes('request 16600 served in 968us\n'));
  assert.ok(!/\bgc \d+ @/.test(json.output), 'no gctrace line is left in the program output');
});

test('trace reads a live pipe on standard input and summarises it', async () => {
  const text = readFileSync(fixture('go-run-toolchain-go119.log'), 'utf8');
  const r = await runCli(['trace', '-'], { input: text });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^cycles\s+\d+ in 3 processes/m);
  assert.match(r.stdout, /STW pause\s+p50 /);
});

test('trace: bad input gets one line and exit code 2', async () => {
  for (const args of [
    ['trace'],
    ['trace', '/no/such/file'],
    ['trace', '/'],
    ['trace', 'a', 'b'],
    ['trace', '--bogus', 'x'],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^gcdiff: /);
    assert.doesNotMatch(r.stderr, /\bat .*\.(js|ts):\d+/);
  }
});
