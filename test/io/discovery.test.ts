import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { discoverPprof, linuxProcessTree, listenerTargets } from '../../source/io/discovery.js';
import { buildGoProgram } from '../helpers/go-build.js';
import { type DemoProcess, sleep, startProcess } from './demo-process.js';

const linuxOnly = { skip: process.platform !== 'linux' && 'reads /proc (Linux)' };

/** Polls discovery (a program needs a moment to listen); at most `attempts` tries. */
async function discoverWithin(pid: number, attempts = 100): Promise<string | null> {
  for (let i = 0; i < attempts; i++) {
    const url = await discoverPprof(pid, { timeoutMs: 2000 });
    if (url) return url;
    await sleep(100);
  }
  return null;
}

/** GET a text endpoint of the discovered server. */
async function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/** The demo's own command line, as served by its pprof: proves whose endpoint we found. */
async function servedCmdline(url: string): Promise<string> {
  return (await getText(`${url}/debug/pprof/cmdline`)).replace(/\0/g, ' ').trim();
}

test('finds the pprof endpoint of a demo that does not print its port', linuxOnly, async (t) => {
  const build = await buildGoProgram('waves');
  const demo = startProcess(t, build.binary, ['-leak-kib', '64']);
  const url = await discoverWithin(demo.pid);
  assert.ok(url, 'discovered');
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(await servedCmdline(url), `${build.binary} -leak-kib 64`);
  const port = url.split(':').at(-1)!;
  assert.ok(!demo.stdout().includes(port), 'the demo printed nothing about its port');
  assert.equal(demo.stdout(), '');
});

test('finds it in a grandchild: the tree is walked from the root pid', linuxOnly, async (t) => {
  const build = await buildGoProgram('steady');
  // A Node parent that starts the demo and waits: discovery starts from the parent's pid.
  const script = `
    const { spawn } = require('node:child_process');
    const child = spawn(process.argv[1], ['-rps', '20'], { stdio: 'ignore' });
    child.on('exit', () => process.exit(0));
    setInterval(() => {}, 1000);
  `;
  const parent = startProcess(t, process.execPath, ['-e', script, build.binary]);
  const url = await discoverWithin(parent.pid);
  assert.ok(url, 'discovered');
  assert.equal(await servedCmdline(url), `${build.binary} -rps 20`);

  // Both ways of reading the tree agree: the children files and the ppid scan.
  const viaChildren = await linuxProcessTree(parent.pid, 'children');
  const viaStat = await linuxProcessTree(parent.pid, 'stat');
  assert.equal(viaChildren[0], parent.pid);
  assert.ok(viaChildren.length >= 2, 'the demo is in the tree');
  assert.deepEqual([...viaStat].sort(), [...viaChildren].sort());
});

async function printedAndDiscovered(demo: DemoProcess): Promise<[string, string | null]> {
  const [, printed] = await demo.waitForLine(/pprof: (http:\/\/\S+)\/debug\/pprof\/\n/);
  return [printed ?? '', await discoverWithin(demo.pid)];
}

test('an IPv6 loopback listener is found through [::1]', linuxOnly, async (t) => {
  const build = await buildGoProgram('steady');
  const demo = startProcess(t, build.binary, ['-addr', '[::1]:0', '-rps', '20']);
  const [printed, url] = await printedAndDiscovered(demo);
  assert.match(printed, /^http:\/\/\[::1\]:\d+$/);
  assert.equal(url, printed);
});

test('a listener on another 127.0.0.0/8 address is probed there', linuxOnly, async (t) => {
  const build = await buildGoProgram('steady');
  const demo = startProcess(t, build.binary, ['-addr', '127.0.0.3:0', '-rps', '20']);
  const [printed, url] = await printedAndDiscovered(demo);
  assert.match(printed, /^http:\/\/127\.0\.0\.3:\d+$/);
  assert.equal(url, printed);
});

test('no pprof: a process whose only listener is some other HTTP server', linuxOnly, async (t) => {
  const script = `
    require('node:http')
      .createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>app</html>'); })
      .listen(0, '127.0.0.1', function () { console.log('listening ' + this.address().port); });
  `;
  const app = startProcess(t, process.execPath, ['-e', script]);
  const [, port] = await app.waitForLine(/listening (\d+)\n/);
  const targets = await listenerTargets(app.pid);
  assert.deepEqual(
    targets.map((x) => `${x.host}:${x.port}`),
    [`127.0.0.1:${port}`],
    'the listener is seen, through loopback',
  );
  assert.equal(await discoverPprof(app.pid, { timeoutMs: 2000 }), null);
});

test(
  'the test process itself: its own servers are candidates, none is pprof',
  linuxOnly,
  async (t) => {
    const server = http.createServer((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as AddressInfo;
    const targets = await listenerTargets(process.pid);
    assert.ok(targets.some((x) => x.port === port && x.host === '127.0.0.1'));
    assert.ok(
      targets.every((x) => x.host === '[::1]' || x.host.startsWith('127.')),
      'every target is loopback',
    );
  },
);

test('missing or invalid pids: null, no error', async () => {
  assert.equal(await discoverPprof(0), null);
  assert.equal(await discoverPprof(-5), null);
  assert.equal(await discoverPprof(Number.NaN), null);
  assert.equal(await discoverPprof(2 ** 22 + 12345), null);
  const aborted = await discoverPprof(process.pid, { signal: AbortSignal.abort() });
  assert.equal(aborted, null);
});
