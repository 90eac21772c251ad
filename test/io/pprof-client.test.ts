import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import {
  fetchHeapDump,
  fetchProfile,
  PprofAbortedError,
  PprofBodyError,
  PprofError,
  PprofHttpError,
  PprofTimeoutError,
  PprofUnreachableError,
  probePprof,
  redactUrl,
} from '../../source/io/pprof-client.js';
import { buildGoProgram } from '../helpers/go-build.js';
import { startProcess } from './demo-process.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/profile/heap-a.pb.gz', import.meta.url));
const fixtureBytes = () => new Uint8Array(readFileSync(FIXTURE));

interface TestServer {
  url: string;
  port: number;
  requests: http.IncomingMessage[];
}

/** A real HTTP server on 127.0.0.1 with a random port, closed (sockets too) after the test. */
async function serve(t: TestContext, handler: http.RequestListener): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, requests };
}

/** Asserts that `promise` rejects with an error of `type` whose message is one line. */
async function rejectsWith<E extends PprofError>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
    return error;
  }
  assert.fail(`expected ${type.name}, but it resolved`);
}

test('a server that never answers: timeout error', async (t) => {
  const server = await serve(t, () => {});
  const error = await rejectsWith(
    fetchProfile(server.url, 'heap', { timeoutMs: 300 }),
    PprofTimeoutError,
  );
  assert.equal(error.kind, 'timeout');
  assert.equal(error.exitCode, 1);
  assert.match(
    error.message,
    /^GET http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/heap\?gc=1: no complete answer within 300 ms$/,
  );
  assert.equal(server.requests[0]?.url, '/debug/pprof/heap?gc=1');
});

test('headers, then a stalled body: timeout error', async (t) => {
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000' });
    res.write(Buffer.from([0x1f, 0x8b, 0x08]));
  });
  await rejectsWith(fetchProfile(server.url, 'goroutine', { timeoutMs: 300 }), PprofTimeoutError);
  assert.equal(server.requests[0]?.url, '/debug/pprof/goroutine');
});

test('HTTP 500: status error with a snippet of the body', async (t) => {
  const server = await serve(t, (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('Could not enable CPU profiling:\n  profiling already in use\n');
  });
  const error = await rejectsWith(fetchProfile(server.url, 'heap'), PprofHttpError);
  assert.equal(error.status, 500);
  assert.equal(error.kind, 'http');
  assert.match(
    error.message,
    /HTTP 500 Internal Server Error: Could not enable CPU profiling: profiling already in use$/,
  );
});

test('HTTP 404 names the likely cause', async (t) => {
  const server = await serve(t, (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 page not found\n');
  });
  const error = await rejectsWith(fetchProfile(server.url, 'goroutine'), PprofHttpError);
  assert.equal(error.status, 404);
  assert.match(error.message, /HTTP 404 Not Found \(is net\/http\/pprof imported/);
});

test('an HTML page is not a profile', async (t) => {
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html>\n<html><body>Sign in</body></html>');
  });
  const error = await rejectsWith(fetchProfile(server.url, 'heap'), PprofBodyError);
  assert.equal(error.kind, 'not-a-profile');
  assert.match(
    error.message,
    /the answer is text\/html; charset=utf-8, not a profile \("<!DOCTYPE html>/,
  );
});

test('HTML sent as octet-stream is still not a profile', async (t) => {
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end('<html>nope</html>');
  });
  const error = await rejectsWith(fetchProfile(server.url, 'heap'), PprofBodyError);
  assert.match(error.message, /not a gzipped profile \(starts "<html>nope<\/html>"\)/);
});

test('a truncated gzip body is refused', async (t) => {
  const whole = fixtureBytes();
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(whole.subarray(0, Math.floor(whole.length / 2)));
  });
  const error = await rejectsWith(fetchProfile(server.url, 'heap'), PprofBodyError);
  assert.match(error.message, /damaged gzip stream/);
});

test('gzip of something that is not a protobuf is refused', async (t) => {
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(gzipSync('{"this":"is json"}'));
  });
  const error = await rejectsWith(fetchProfile(server.url, 'heap'), PprofBodyError);
  assert.match(error.message, /gzipped, but not a protobuf profile/);
});

test('a connection closed in the middle of the body', async (t) => {
  const whole = fixtureBytes();
  const server = await serve(t, (req, res) => {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(whole.length),
    });
    res.write(whole.subarray(0, 100), () => req.socket.destroy());
  });
  const error = await rejectsWith(fetchProfile(server.url, 'heap'), PprofBodyError);
  assert.match(error.message, /closed before the end of the answer/);
});

test('nothing listening: connection refused', async (t) => {
  const server = await serve(t, () => {});
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const error = await rejectsWith(
    fetchProfile(`http://127.0.0.1:${port}`, 'heap'),
    PprofUnreachableError,
  );
  assert.equal(error.code, 'ECONNREFUSED');
  assert.equal(
    error.message,
    `no pprof endpoint at http://127.0.0.1:${port}/debug/pprof/heap?gc=1: connection refused`,
  );
  assert.equal(server.requests.length, 0);
});

test('a valid profile comes back byte for byte', async (t) => {
  const whole = fixtureBytes();
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(whole);
  });
  const bytes = await fetchProfile(`${server.url}/debug/pprof/`, 'heap');
  assert.deepEqual(Buffer.from(bytes), Buffer.from(whole));
  assert.equal(
    server.requests[0]?.url,
    '/debug/pprof/heap?gc=1',
    'a base ending in /debug/pprof/ is accepted',
  );
});

test('credentials in the URL are sent as Basic auth and never shown', async (t) => {
  const whole = fixtureBytes();
  const expected = `Basic ${Buffer.from('alice:s3cr:t@x').toString('base64')}`;
  const server = await serve(t, (req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="pprof"' });
      res.end('unauthorized');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(whole);
  });
  const withCredentials = server.url.replace('http://', 'http://alice:s3cr%3At%40x@');
  const bytes = await fetchProfile(withCredentials, 'goroutine');
  assert.equal(bytes.length, whole.length);

  const wrong = server.url.replace('http://', 'http://alice:wrong-secret@');
  const error = await rejectsWith(fetchProfile(wrong, 'heap'), PprofHttpError);
  assert.equal(error.status, 401);
  assert.ok(
    !error.message.includes('wrong-secret') && !error.message.includes('alice'),
    error.message,
  );
  assert.ok(!error.url.includes('wrong-secret'));
  assert.match(
    error.message,
    /GET http:\/\/\*\*\*@127\.0\.0\.1:\d+\/debug\/pprof\/heap\?gc=1: HTTP 401/,
  );

  const refused = await rejectsWith(
    fetchProfile('http://bob:hunter2@127.0.0.1:1', 'heap', { timeoutMs: 2000 }),
    PprofError,
  );
  assert.ok(
    !refused.message.includes('hunter2') && !refused.message.includes('bob'),
    refused.message,
  );
});

test('redactUrl removes user:password@ from URLs and messages', () => {
  assert.equal(redactUrl('http://user:pass@127.0.0.1:6060'), 'http://***@127.0.0.1:6060');
  assert.equal(redactUrl('https://token@example.com/x?a=b@c'), 'https://***@example.com/x?a=b@c');
  assert.equal(
    redactUrl('http://127.0.0.1:6060/debug/pprof/'),
    'http://127.0.0.1:6060/debug/pprof/',
  );
  assert.equal(
    redactUrl('GET http://a:b@h:1/x failed, then http://c:d@h:2/y'),
    'GET http://***@h:1/x failed, then http://***@h:2/y',
  );
  assert.equal(redactUrl('no url here: a:b@c'), 'no url here: a:b@c');
});

test('an AbortSignal cancels a request', async (t) => {
  const server = await serve(t, () => {});
  const controller = new AbortController();
  const pending = fetchProfile(server.url, 'heap', {
    signal: controller.signal,
    timeoutMs: 60_000,
  });
  setTimeout(() => controller.abort(), 50);
  const error = await rejectsWith(pending, PprofAbortedError);
  assert.equal(error.kind, 'aborted');
  await rejectsWith(
    fetchProfile(server.url, 'heap', { signal: AbortSignal.abort() }),
    PprofAbortedError,
  );
});

test('probePprof: false for HTML, errors and refused connections, never throws', async (t) => {
  const html = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>a web app</html>');
  });
  assert.equal(await probePprof(html.url, { timeoutMs: 2000 }), false);
  assert.equal(html.requests[0]?.url, '/debug/pprof/');
  const hang = await serve(t, () => {});
  assert.equal(await probePprof(hang.url, { timeoutMs: 200 }), false);
  assert.equal(await probePprof('http://127.0.0.1:1', { timeoutMs: 2000 }), false);
  assert.equal(await probePprof('not a url'), false);
});

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gcdiff-io-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('fetchHeapDump streams the dump to a 0600 file', async (t) => {
  const payload = Buffer.alloc(3 << 20, 7);
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.write('go1.7 heap dump\n');
    let sent = 0;
    const push = () => {
      while (sent < payload.length) {
        const chunk = payload.subarray(sent, sent + 64 * 1024);
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', push);
      }
      res.end();
    };
    push();
  });
  const file = path.join(await tempDir(t), 'heapdump');
  const written = await fetchHeapDump(server.url, file);
  assert.equal(written, payload.length + 16);
  assert.equal(statSync(file).size, payload.length + 16);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(readFileSync(file).subarray(0, 16).toString(), 'go1.7 heap dump\n');
  assert.equal(server.requests[0]?.url, '/debug/gcdiff/heapdump');
});

test('fetchHeapDump: wrong body, 404 or a cut connection leave no file', async (t) => {
  const dir = await tempDir(t);
  const server = await serve(t, (req, res) => {
    if (req.url === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html></html>');
    } else if (req.url === '/other') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(100_000, 1));
    } else if (req.url === '/cut') {
      res.writeHead(200, { 'content-length': '1000000' });
      res.write('go1.7 heap dump\nxxxx', () => req.socket.destroy());
    } else {
      res.writeHead(404);
      res.end('404 page not found');
    }
  });
  const file = path.join(dir, 'dump');
  let error = await rejectsWith(fetchHeapDump(server.url, file, { path: '/html' }), PprofBodyError);
  assert.match(error.message, /text\/html, not a heap dump/);
  assert.equal(existsSync(file), false);
  error = await rejectsWith(fetchHeapDump(server.url, file, { path: '/other' }), PprofBodyError);
  assert.match(error.message, /not a heap dump/);
  assert.equal(existsSync(file), false);
  error = await rejectsWith(fetchHeapDump(server.url, file, { path: '/cut' }), PprofBodyError);
  assert.match(error.message, /closed before the end/);
  assert.equal(existsSync(file), false);
  await rejectsWith(fetchHeapDump(server.url, file), PprofHttpError);
  assert.equal(existsSync(file), false);
});

test('a real demo program: heap and goroutine profiles that decode, and a heap dump', async (t) => {
  const build = await buildGoProgram('goroutines');
  const demo = startProcess(t, build.binary, ['-print-addr']);
  const [, url] = await demo.waitForLine(/pprof: (http:\/\/127\.0\.0\.1:\d+)\/debug\/pprof\/\n/);
  assert.ok(url);
  assert.equal(await probePprof(url, { timeoutMs: 5000 }), true);

  const heap = await fetchProfile(url, 'heap');
  const heapProfile = Profile.decode(gunzipSync(heap));
  const types = heapProfile.sampleType.map((s) => heapProfile.stringTable.strings[Number(s.type)]);
  assert.deepEqual(types, ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);

  const goroutine = await fetchProfile(url, 'goroutine');
  const gProfile = Profile.decode(gunzipSync(goroutine));
  const gTypes = gProfile.sampleType.map((s) => gProfile.stringTable.strings[Number(s.type)]);
  assert.deepEqual(gTypes, ['goroutine']);
  const functionNames = new Set(
    gProfile.function.map((f) => gProfile.stringTable.strings[Number(f.name)]),
  );
  assert.ok(functionNames.has('main.main'), 'the goroutine profile names main.main');

  // The demos import the heap-dump agent: a real dump, streamed to a private file.
  const file = path.join(await tempDir(t), 'heapdump');
  const written = await fetchHeapDump(url, file, { timeoutMs: 60_000 });
  assert.ok(written > 1024);
  assert.equal(statSync(file).size, written);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(readFileSync(file).subarray(0, 16).toString('latin1'), 'go1.7 heap dump\n');
});
