import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isGoTool,
  listeningInodes,
  pickServingProcess,
  portOfUrl,
} from '../../../source/core/heap/serving-process.js';
import type { ProcNetTcpEntry } from '../../../source/core/net/proc-net-tcp.js';

const entry = (port: number, inode: number, state = 0x0a): ProcNetTcpEntry => ({
  family: 4,
  address: '127.0.0.1',
  port,
  state,
  inode,
});

test('portOfUrl reads the port of a pprof base URL', () => {
  assert.equal(portOfUrl('http://127.0.0.1:6060'), 6060);
  assert.equal(portOfUrl('http://[::1]:41234/'), 41234);
  assert.equal(portOfUrl('http://user:secret@localhost/debug'), 80);
  assert.equal(portOfUrl('not a url'), null);
});

test('listeningInodes keeps LISTEN sockets of the port only', () => {
  const inodes = listeningInodes(
    [entry(6060, 11), entry(6060, 12, 0x01), entry(7070, 13), entry(6060, 14)],
    6060,
  );
  assert.deepEqual([...inodes].sort(), [11, 14]);
});

test('isGoTool: the go command and its tools, not programs', () => {
  assert.ok(isGoTool('/usr/local/go/bin/go'));
  assert.ok(isGoTool('/usr/local/go/pkg/tool/linux_amd64/link'));
  assert.ok(isGoTool('/usr/lib/go/bin/go (deleted)'));
  assert.ok(!isGoTool('/tmp/go-build123/b001/exe/orm'));
  assert.ok(!isGoTool('/usr/bin/env'));
  assert.ok(!isGoTool('/home/u/gopher'));
});

test('pickServingProcess: the holder of the listening socket wins', () => {
  const tree = [
    { pid: 10, exe: '/usr/local/go/bin/go', socketInodes: [] },
    { pid: 11, exe: '/tmp/go-build1/b001/exe/app', socketInodes: [500, 501] },
    { pid: 12, exe: '/tmp/helper', socketInodes: [] },
  ];
  assert.equal(pickServingProcess(tree, new Set([501])), 11);
  // Without a match: the deepest process that is not the go tool.
  assert.equal(pickServingProcess(tree, new Set([999])), 12);
  assert.equal(pickServingProcess(tree.slice(0, 2), new Set()), 11);
  // Unreadable exe (another user's process) is never picked.
  assert.equal(pickServingProcess([{ pid: 5, exe: null, socketInodes: [7] }], new Set([7])), null);
  assert.equal(pickServingProcess([tree[0]!], new Set()), null);
});
