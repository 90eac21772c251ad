import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseTrace } from '../../source/core/gctrace/parser.js';
import { runCli } from '../helpers/cli.js';

// A program that runs a known number of GCs, then prints the runtime's own count and exits.
const program = `package main

import (
	"fmt"
	"os"
	"runtime"
)

var sink [][]byte

func main() {
	for i := 0; i < 40; i++ {
		sink = append(sink, make([]byte, 256<<10))
		if len(sink) > 16 {
			sink = sink[:0]
		}
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("numgc=%d\\n", m.NumGC)
	fmt.Fprintln(os.Stderr, "done")
}
`;

function tempModule(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gcdiff-gorun-'));
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/gccount\n\ngo 1.21\n');
  writeFileSync(path.join(dir, 'main.go'), program);
  return dir;
}

test('the toolchain fixture shows why: GODEBUG on `go run` itself yields several processes', () => {
  const text = readFileSync(
    fileURLToPath(new URL('../fixtures/gctrace/go-run-toolchain-go119.log', import.meta.url)),
    'utf8',
  );
  const cycles = parseTrace(text).filter((e) => e.type === 'cycle');
  const processes = new Set(cycles.map((e) => (e.type === 'cycle' ? e.cycle.process : -1)));
  assert.ok(processes.size > 1, 'the go command and the compiler trace their own GCs');
});

test("run -- go run: only the program's GC lines reach the timeline (Go 1.26)", async (t) => {
  const dir = tempModule();
  const session = path.join(dir, 'session');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await runCli(['run', '--session', session, '--', 'go', 'run', '.'], {
    cwd: dir,
    env: { GODEBUG: undefined },
  });
  assert.equal(r.code, 0, r.stderr);
  const numgc = Number(/numgc=(\d+)/.exec(r.stdout)?.[1]);
  assert.ok(numgc >= 40, r.stdout);
  const cycles = readFileSync(path.join(session, 'cycles.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { n: number; process: number });
  assert.deepEqual(
    cycles.map((c) => c.n),
    Array.from({ length: numgc }, (_, i) => i + 1),
    "exactly the program's cycles 1..NumGC, nothing from the toolchain",
  );
  assert.ok(cycles.every((c) => c.process === 0));
  // The program's own output passes through; gctrace does not.
  assert.match(r.stderr, /^done$/m);
  assert.doesNotMatch(r.stderr, /^gc \d+ @/m);
  // Session files are private.
  assert.equal(statSync(session).mode & 0o777, 0o700);
  for (const f of ['meta.json', 'stdout.log', 'stderr.log', 'events.jsonl', 'cycles.jsonl']) {
    assert.equal(statSync(path.join(session, f)).mode & 0o777, 0o600, f);
  }
  assert.equal(readFileSync(path.join(session, 'stdout.log'), 'utf8'), `numgc=${numgc}\n`);
  assert.match(readFileSync(path.join(session, 'stderr.log'), 'utf8'), /^gc 1 @/m);
});
