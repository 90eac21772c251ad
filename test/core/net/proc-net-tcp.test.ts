import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  decodeProcAddress,
  descendantsOf,
  listenProbeTargets,
  loopbackHostsFor,
  lsofProbeTargets,
  parseChildrenList,
  parseLsofListeners,
  parseProcNetTcp,
  parsePsPidPpid,
  parseStatPpid,
  socketInode,
} from '../../../source/core/net/proc-net-tcp.js';
import { isProtobufMessage } from '../../../source/core/net/protobuf-framing.js';

// Real layout of /proc/net/tcp (x86-64): listeners on 0.0.0.0:2024, 127.0.0.1:6060,
// 10.1.2.3:8080 and 192.168.1.20:9090, one established connection, one TIME_WAIT (inode 0).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1601 1 00000000d0a2822d 100 0 0 10 0
   1: 0100007F:17AC 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 22001 1 0000000000000000 100 0 0 10 0
   2: 0302010A:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 22002 1 0000000000000000 100 0 0 10 0
   3: 1401A8C0:2382 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 22003 1 0000000000000000 100 0 0 10 0
   4: 0100007F:17AC 0100007F:D026 01 00000000:00000000 00:00000000 00000000  1000        0 22004 1 0000000000000000 20 4 30 10 -1
   5: 0100007F:9FCD 0100007F:D02E 06 00000000:00000000 03:00000BCC 00000000     0        0 0 3 000000008cd9db65
   6: 0200007F:1770 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 22005 1 0000000000000000 100 0 0 10 0
`;

// /proc/net/tcp6: [::1]:7070, [::]:7071, [::ffff:127.0.0.1]:7072, [::ffff:10.0.0.5]:7073,
// [2001:db8::1]:7074, [fe80::1]:7075.
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1B9E 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 33001 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000000000000:1B9F 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 33002 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:1BA0 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 33003 1 0000000000000000 100 0 0 10 0
   3: 0000000000000000FFFF00000500000A:1BA1 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 33004 1 0000000000000000 100 0 0 10 0
   4: B80D0120000000000000000001000000:1BA2 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 33005 1 0000000000000000 100 0 0 10 0
   5: 000080FE000000000000000001000000:1BA3 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 33006 1 0000000000000000 100 0 0 10 0
`;

test('IPv4 rows: addresses, ports, states and inodes', () => {
  const rows = parseProcNetTcp(TCP, 4);
  assert.equal(rows.length, 7);
  assert.deepEqual(rows[0], {
    family: 4,
    address: '0.0.0.0',
    port: 2024,
    state: 0x0a,
    inode: 1601,
  });
  assert.deepEqual(
    rows.map((r) => `${r.address}:${r.port}/${r.state.toString(16)}`),
    [
      '0.0.0.0:2024/a',
      '127.0.0.1:6060/a',
      '10.1.2.3:8080/a',
      '192.168.1.20:9090/a',
      '127.0.0.1:6060/1',
      '127.0.0.1:40909/6',
      '127.0.0.2:6000/a',
    ],
  );
});

test('IPv6 rows: ::1, ::, v4-mapped, global and link-local', () => {
  const rows = parseProcNetTcp(TCP6, 6);
  assert.deepEqual(
    rows.map((r) => `${r.address} ${r.port} ${r.inode}`),
    [
      '::1 7070 33001',
      ':: 7071 33002',
      '::ffff:127.0.0.1 7072 33003',
      '::ffff:10.0.0.5 7073 33004',
      '2001:db8::1 7074 33005',
      'fe80::1 7075 33006',
    ],
  );
});

test('the table of the wrong family, the header and junk lines yield nothing', () => {
  assert.deepEqual(parseProcNetTcp(TCP6, 4), []);
  assert.deepEqual(parseProcNetTcp(TCP, 6), []);
  assert.deepEqual(parseProcNetTcp('', 4), []);
  assert.deepEqual(parseProcNetTcp('garbage\n  0: zz:yy 00 0A\n', 4), []);
  assert.deepEqual(
    parseProcNetTcp(
      '   0: 0100007F:17AC 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 notanumber 1\n',
      4,
    ),
    [],
  );
});

test('big-endian kernels store address words in network order', () => {
  assert.equal(decodeProcAddress('7F000001', 'BE'), '127.0.0.1');
  assert.equal(decodeProcAddress('00000000000000000000000000000001', 'BE'), '::1');
  assert.equal(decodeProcAddress('0100007F', 'LE'), '127.0.0.1');
  assert.equal(decodeProcAddress('0100007', 'LE'), null);
  assert.equal(decodeProcAddress('XX00007F', 'LE'), null);
});

test('only loopback listeners become probe targets; wildcards go through loopback', () => {
  const entries = [...parseProcNetTcp(TCP, 4), ...parseProcNetTcp(TCP6, 6)];
  const all = entries.map((e) => e.inode);
  const targets = listenProbeTargets(entries, all).map((t) => `${t.host}:${t.port}`);
  assert.deepEqual(targets, [
    '127.0.0.1:2024', // 0.0.0.0
    '127.0.0.1:6060',
    '127.0.0.2:6000',
    '[::1]:7070',
    '127.0.0.1:7071', // ::, dual stack
    '[::1]:7071',
    '127.0.0.1:7072', // ::ffff:127.0.0.1
  ]);
  for (const forbidden of ['10.', '192.168.', '2001:', 'fe80', '::ffff:10']) {
    assert.ok(!targets.some((t) => t.includes(forbidden)), forbidden);
  }
});

test('targets come only from the given inodes, in their order, LISTEN only', () => {
  const entries = parseProcNetTcp(TCP, 4);
  assert.deepEqual(
    listenProbeTargets(entries, [22005, 22001]).map((t) => `${t.host}:${t.port}`),
    ['127.0.0.2:6000', '127.0.0.1:6060'],
  );
  // 22002 and 22003 listen on real interfaces; 22004 is an established connection.
  assert.deepEqual(listenProbeTargets(entries, [22002, 22003, 22004, 0, 999]), []);
});

test('property: a listener on a non-loopback IPv4 address is never a target', () => {
  const nonLoopback = fc
    .tuple(
      fc.integer({ min: 1, max: 255 }).filter((a) => a !== 127),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
    )
    .map((bytes) => bytes);
  fc.assert(
    fc.property(nonLoopback, fc.integer({ min: 1, max: 65535 }), (bytes, port) => {
      const hex = [...bytes]
        .reverse()
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase();
      const portHex = port.toString(16).padStart(4, '0').toUpperCase();
      const line = `   0: ${hex}:${portHex} 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 4242 1\n`;
      const rows = parseProcNetTcp(line, 4);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.address, bytes.join('.'));
      assert.equal(rows[0]?.port, port);
      assert.deepEqual(listenProbeTargets(rows, [4242]), []);
    }),
  );
});

test('property: a listener on a non-loopback IPv6 address is never a target', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
      const isLoopback = bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
      const isAny = bytes.every((b) => b === 0);
      const isMapped =
        bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
      fc.pre(!isLoopback && !isAny && !isMapped);
      let hex = '';
      for (let w = 0; w < 16; w += 4) {
        for (let i = 3; i >= 0; i--) hex += (bytes[w + i] ?? 0).toString(16).padStart(2, '0');
      }
      const line = `   0: ${hex}:1F90 ${'0'.repeat(32)}:0000 0A 00000000:00000000 00:00000000 00000000 0 0 77 1\n`;
      const rows = parseProcNetTcp(line, 6);
      assert.equal(rows.length, 1);
      assert.deepEqual(listenProbeTargets(rows, [77]), []);
    }),
  );
});

test('property: parsing never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), fc.constantFrom<4 | 6>(4, 6), (text, family) => {
      for (const row of parseProcNetTcp(text, family)) assert.ok(row.port >= 0);
      parseLsofListeners(text);
      parseStatPpid(text);
      parsePsPidPpid(text);
    }),
  );
});

test('loopbackHostsFor covers the loopback forms and nothing else', () => {
  assert.deepEqual(loopbackHostsFor('127.0.0.1'), ['127.0.0.1']);
  assert.deepEqual(loopbackHostsFor('127.1.2.3'), ['127.1.2.3']);
  assert.deepEqual(loopbackHostsFor('::1'), ['[::1]']);
  assert.deepEqual(loopbackHostsFor('[::1]'), ['[::1]']);
  assert.deepEqual(loopbackHostsFor('::ffff:127.0.0.9'), ['127.0.0.9']);
  assert.deepEqual(loopbackHostsFor('0.0.0.0'), ['127.0.0.1']);
  assert.deepEqual(loopbackHostsFor('::'), ['127.0.0.1', '[::1]']);
  assert.deepEqual(loopbackHostsFor('*'), ['127.0.0.1', '[::1]']);
  for (const other of [
    '10.0.0.1',
    '128.0.0.1',
    '::2',
    '::ffff:10.0.0.1',
    'fe80::1',
    'localhost',
    '',
  ]) {
    assert.deepEqual(loopbackHostsFor(other), [], other);
  }
});

test('fd links: socket inodes only', () => {
  assert.equal(socketInode('socket:[123456]'), 123456);
  assert.equal(socketInode('pipe:[123456]'), null);
  assert.equal(socketInode('/dev/null'), null);
  assert.equal(socketInode('anon_inode:[eventpoll]'), null);
});

test('/proc/<pid>/stat: ppid after a command name with spaces and parentheses', () => {
  assert.equal(parseStatPpid('4242 (go) S 4200 4242 4200 0 -1 4194560 ...'), 4200);
  assert.equal(parseStatPpid('77 (my (odd) prog) R 1 77 77 0 -1 0'), 1);
  assert.equal(parseStatPpid('garbage'), null);
  assert.deepEqual(parseChildrenList('123 456 789 '), [123, 456, 789]);
  assert.deepEqual(parseChildrenList(''), []);
});

test('process tree from ps output: root first, breadth-first, cycles ignored', () => {
  const pairs = parsePsPidPpid(
    '    1     0\n  100     1\n  101   100\n  102   100\n  103   101\n  200     1\n  bad line\n',
  );
  assert.deepEqual(descendantsOf(100, pairs), [100, 101, 102, 103]);
  assert.deepEqual(descendantsOf(999, pairs), [999]);
  assert.deepEqual(
    descendantsOf(5, [
      [6, 5],
      [5, 6],
      [7, 7],
    ]),
    [5, 6],
  );
});

test('lsof -F pn output: listeners per pid, loopback targets only', () => {
  const out = [
    'p4242',
    'f3',
    'n127.0.0.1:6060',
    'f4',
    'n*:8080',
    'f5',
    'n10.0.0.7:9090',
    'p4243',
    'f7',
    'n[::1]:7070',
    'f8',
    'n[fe80::1]:7071',
    'f9',
    'n127.0.0.1:6060->127.0.0.1:50000',
    '',
  ].join('\n');
  const listeners = parseLsofListeners(out);
  assert.deepEqual(listeners, [
    { pid: 4242, address: '127.0.0.1', port: 6060 },
    { pid: 4242, address: '*', port: 8080 },
    { pid: 4242, address: '10.0.0.7', port: 9090 },
    { pid: 4243, address: '::1', port: 7070 },
    { pid: 4243, address: 'fe80::1', port: 7071 },
  ]);
  assert.deepEqual(
    lsofProbeTargets(listeners).map((t) => `${t.host}:${t.port}`),
    ['127.0.0.1:6060', '127.0.0.1:8080', '[::1]:8080', '[::1]:7070'],
  );
});

test('protobuf framing tells a profile body from other bytes', () => {
  // field 1 (length-delimited, 2 bytes), field 2 (varint 150), field 9 (fixed64)
  const message = Uint8Array.from([
    0x0a, 0x02, 0x08, 0x01, 0x10, 0x96, 0x01, 0x49, 1, 2, 3, 4, 5, 6, 7, 8,
  ]);
  assert.equal(isProtobufMessage(message), true);
  assert.equal(isProtobufMessage(message.subarray(0, message.length - 1)), false, 'truncated');
  assert.equal(isProtobufMessage(new TextEncoder().encode('<!DOCTYPE html><html>')), false);
  assert.equal(isProtobufMessage(new TextEncoder().encode('{"a":1}')), false);
  assert.equal(isProtobufMessage(new Uint8Array()), false);
  assert.equal(isProtobufMessage(Uint8Array.from([0x00, 0x01])), false, 'field 0');
});
